from rest_framework.routers import DefaultRouter

from jobmatching.api import EmployerViewSet, PersonMatchViewSet, RecommendationViewSet, VacancyViewSet

router = DefaultRouter()
router.register("jobs/employers", EmployerViewSet, basename="jobs-employer")
router.register("jobs/vacancies", VacancyViewSet, basename="jobs-vacancy")
router.register("jobs/recommendations", RecommendationViewSet, basename="jobs-recommendation")
router.register("jobs/matches", PersonMatchViewSet, basename="jobs-match")

urlpatterns = router.urls

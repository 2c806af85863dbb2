from rest_framework.routers import DefaultRouter

from cases.api import CaseViewSet, FollowUpViewSet

router = DefaultRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("case-follow-ups", FollowUpViewSet, basename="case-follow-up")

urlpatterns = router.urls

from rest_framework.routers import DefaultRouter

from jobseekers.api import EmploymentViewSet, HouseholdViewSet, MembershipViewSet, PersonViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("persons", PersonViewSet, basename="jobseekers-api-person")
router.register("households", HouseholdViewSet, basename="jobseekers-api-household")
router.register("memberships", MembershipViewSet, basename="jobseekers-api-membership")
router.register("employments", EmploymentViewSet, basename="jobseekers-api-employment")

urlpatterns = router.urls

from rest_framework.routers import DefaultRouter

from activities.api import ActivityViewSet, EvidenceViewSet

router = DefaultRouter()
router.register("activities", ActivityViewSet, basename="activity")
router.register("evidence", EvidenceViewSet, basename="evidence")

urlpatterns = router.urls

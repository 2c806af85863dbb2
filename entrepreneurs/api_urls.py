from rest_framework.routers import DefaultRouter

from entrepreneurs.api import PolicyBenefitViewSet, PolicyViewSet, RoleModelViewSet, VentureViewSet

router = DefaultRouter()
router.register("ventures", VentureViewSet, basename="venture")
router.register("policies", PolicyViewSet, basename="policy")
router.register("policy-benefits", PolicyBenefitViewSet, basename="policy-benefit")
router.register("role-models", RoleModelViewSet, basename="role-model")

urlpatterns = router.urls

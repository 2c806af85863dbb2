from rest_framework.routers import DefaultRouter

from incubators.api import (
    CarrierViewSet,
    EvaluationViewSet,
    ResidencyViewSet,
    ServiceOrganisationViewSet,
    ServicePointViewSet,
    SubsidyViewSet,
)

router = DefaultRouter()
router.register("carriers", CarrierViewSet, basename="carrier")
router.register("residencies", ResidencyViewSet, basename="residency")
router.register("carrier-evaluations", EvaluationViewSet, basename="carrier-evaluation")
router.register("carrier-subsidies", SubsidyViewSet, basename="carrier-subsidy")
router.register("service-points", ServicePointViewSet, basename="service-point")
router.register("service-organisations", ServiceOrganisationViewSet, basename="service-organisation")

urlpatterns = router.urls

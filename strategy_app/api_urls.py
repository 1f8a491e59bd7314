from rest_framework.routers import DefaultRouter

from missions.api import MissionViewSet

router = DefaultRouter()
router.register("missions", MissionViewSet, basename="mission")

urlpatterns = router.urls

"""Review screens, under /missions/<acronym>/reviews/. Each view module lists its routes."""

from reviews.views import assess, cycle, trends

app_name = "reviews"
urlpatterns = [*cycle.urlpatterns, *assess.urlpatterns, *trends.urlpatterns]

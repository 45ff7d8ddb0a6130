"""Django OAuth Toolkit (Debian's python3-django-oauth-toolkit) on 127.0.0.1, on free ports.

Run by django-oauth-toolkit.ts with Debian's /usr/bin/python3, which sees the Debian packages.
argv[1] is the path of a JSON file: the data directory (the sqlite database goes there), the
user, the applications (with authorization codes already issued) and the OIDC signing key. It
migrates, creates them, and serves DOT's urls under /o/ and a protected resource at /api/me
with wsgiref on two ports: `port` routes as DOT does, `modernPort` also serves the discovery
document without its trailing slash, as DOT 2.4 and later do. It prints {"kind": "ready", ...},
then one line per request answered (method, path, status, content type, auth scheme; never a
value), and stops when its stdin closes.
"""
import json
import sys
import threading
import types

with open(sys.argv[1], encoding="utf-8") as config_file:
    CONFIG = json.load(config_file)

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(
    DEBUG=False,
    SECRET_KEY="dot-interop-test-only",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    USE_TZ=True,
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "oauth2_provider"],
    # CommonMiddleware's APPEND_SLASH: /o/token answers 301 to /o/token/, as in any Django site.
    MIDDLEWARE=[__name__ + ".ModernRoutes", "django.middleware.common.CommonMiddleware"],
    DATABASES={
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": CONFIG["dir"] + "/db.sqlite3"}
    },
    LOGGING_CONFIG=None,
    OAUTH2_PROVIDER={
        "ACCESS_TOKEN_EXPIRE_SECONDS": CONFIG["accessTokenLifetime"],
        "SCOPES": {"read": "Reading scope", "write": "Writing scope", "openid": "OpenID Connect"},
        "DEFAULT_SCOPES": ["read", "write"],
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": CONFIG["oidcKey"],
    },
)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import include, path, re_path  # noqa: E402
from oauth2_provider.decorators import protected_resource  # noqa: E402
from oauth2_provider.views import ConnectDiscoveryInfoView  # noqa: E402


@protected_resource()
def me(request):
    owner = request.resource_owner
    return JsonResponse({"user": owner.get_username() if owner else ""})


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("api/me", me),
]

# DOT 2.4's route (django-oauth-toolkit#1364): the discovery document with or without the slash.
modern = types.ModuleType("dot_modern_urls")
modern.urlpatterns = [
    re_path(r"^o/\.well-known/openid-configuration$", ConnectDiscoveryInfoView.as_view()),
    *urlpatterns,
]
sys.modules[modern.__name__] = modern


class ModernRoutes:
    """Requests to modernPort are routed with DOT 2.4's discovery route too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("dot.modern"):
            request.urlconf = modern.__name__
        return self.get_response(request)


def setup():
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from oauth2_provider.models import get_application_model, get_grant_model

    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create_user(
        username=CONFIG["user"]["username"], password=CONFIG["user"]["password"]
    )
    # As the login before the authorize endpoint sets it (DOT's ID token has it as auth_time).
    user.last_login = timezone.now()
    user.save()
    Application = get_application_model()
    for app in CONFIG["applications"]:
        application = Application.objects.create(
            name=app["client_id"],
            client_id=app["client_id"],
            client_secret=app["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=app["grant"],
            redirect_uris=app.get("redirect_uri", ""),
            algorithm=Application.RS256_ALGORITHM,
            user=user,
        )
        # Authorization codes, as the authorize endpoint issues them once the user has approved.
        for code in app.get("codes", []):
            get_grant_model().objects.create(
                user=user,
                application=application,
                code=code["code"],
                expires=timezone.now() + timedelta(minutes=10),
                redirect_uri=app["redirect_uri"],
                scope=code["scope"],
            )


def serve():
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.wsgi import get_wsgi_application

    django_app = get_wsgi_application()

    def application(modern_routes):
        def app(environ, start_response):
            environ["dot.modern"] = modern_routes
            seen = {}

            def recorded(status, headers, exc_info=None):
                seen["status"] = int(status.split(" ", 1)[0])
                return start_response(status, headers, exc_info)

            body = django_app(environ, recorded)
            report(
                {
                    "kind": "request",
                    "method": environ["REQUEST_METHOD"],
                    "path": environ.get("PATH_INFO", ""),
                    "status": seen.get("status", 0),
                    "contentType": environ.get("CONTENT_TYPE", ""),
                    "authorization": environ.get("HTTP_AUTHORIZATION", "").split(" ")[0],
                }
            )
            return body

        return app

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    servers = [
        make_server("127.0.0.1", 0, application(modern_routes), handler_class=QuietHandler)
        for modern_routes in (False, True)
    ]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    report(
        {
            "kind": "ready",
            "port": servers[0].server_address[1],
            "modernPort": servers[1].server_address[1],
        }
    )
    # The parent closes stdin to stop the server, or dies, which closes it too.
    sys.stdin.read()
    for server in servers:
        server.shutdown()


report_lock = threading.Lock()


def report(message):
    with report_lock:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    setup()
    serve()

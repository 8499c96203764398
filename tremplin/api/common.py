"""What the API's routers share: the token authentication, the error answers they declare, the scope check."""

from ninja.security import HttpBearer

from . import problems, schemas, tokens


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <jeton>`; the token (ApiToken) becomes `request.auth`."""

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is not None:
            request.api_token = found
        return found


def errors(*statuses):
    return dict.fromkeys(statuses, schemas.Problem)


def require_scope(request, scope):
    if not request.auth.has_scope(scope):
        raise problems.forbidden_scope(scope)

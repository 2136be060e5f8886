"""pytest plugin for `b24pysdk_suite.py`: sends b24pysdk's REST calls to the emulator.

b24pysdk builds every REST URL as `https://{domain}/rest/...`
(`b24pysdk/api/callers/call_method.py`, `_MethodCaller._base_url`) and sends OAuth token
requests to `https://oauth.bitrix24.tech` (`BitrixOAuthRequester`). The emulator listens on
plain HTTP on 127.0.0.1 and is its own OAuth server, so this plugin replaces that property
with the emulator's base (`B24_EMULATOR_REST`, e.g. `http://127.0.0.1:40123/rest`) and the
two OAuth addresses with the emulator's (`B24_EMULATOR_ROOT`). Nothing else of the client
or its tests is changed."""

import importlib
import os

# `b24pysdk.api.callers` re-exports the function `call_method` under the module's name.
_call_method = importlib.import_module("b24pysdk.api.callers.call_method")

_BASE = os.environ["B24_EMULATOR_REST"].rstrip("/")

_call_method._MethodCaller._base_url = property(lambda self: _BASE)

_ROOT = os.environ["B24_EMULATOR_ROOT"].rstrip("/")
_oauth = importlib.import_module("b24pysdk.api.requesters.bitrix_oauth_requester")
_oauth.BitrixOAuthRequester._OAUTH_TOKEN_URL = f"{_ROOT}/oauth/token/"
_oauth.BitrixOAuthRequester._APP_INFO_URL = f"{_ROOT}/rest/app.info/"

"""The one Azure Functions entry (Python v2 model).

One catch-all HTTP function hands every request to the FastAPI app, with the durable
client made available to endpoints; timers, Service Bus triggers and durable
orchestrations are registered from their blueprints. Heavy modules (FastAPI, the
database driver, the Azure SDKs) are imported on first use, not here: cold start counts.
"""

from __future__ import annotations

import azure.durable_functions as df
import azure.functions as func

from functions.queues import bp as queue_functions
from functions.timers import bp as timer_functions
from orchestrations import bp as orchestration_functions

app = df.DFApp(http_auth_level=func.AuthLevel.ANONYMOUS)

HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@app.function_name("http_api")
@app.route(route="{*route}", methods=HTTP_METHODS, auth_level=func.AuthLevel.ANONYMOUS)
@app.durable_client_input(client_name="client")
async def http_api(
    req: func.HttpRequest, context: func.Context, client: df.DurableOrchestrationClient
) -> func.HttpResponse:
    """Serve the IntelliFin API: every HTTP request goes to the FastAPI app."""
    from shared_code.api.asgi import handle_http

    return await handle_http(req, context, client)


app.register_functions(timer_functions)
app.register_functions(queue_functions)
app.register_functions(orchestration_functions)

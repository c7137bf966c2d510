using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using R1Gym.Service.Core;
using R1Gym.Service.Hosting;

namespace R1Gym.Service.SandboxFusion;

/// <summary>
/// SandboxFusion drop-in: <c>POST /run_code</c> (language "csharp") and <c>GET /v1/ping</c>, so verl's sandbox_fusion
/// reward works by pointing its URL here. Under overload the answer is HTTP 504, the status verl retries on.
/// </summary>
internal static class RunCodeEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/ping", () => Results.Json("pong")).WithSummary("SandboxFusion liveness: \"pong\"");

        app.MapPost("/run_code", async (HttpRequest request, SandboxService sandbox) =>
        {
            var run = JsonBody.Bind<RunCodeRequest>(await JsonBody.ReadObjectAsync(request).ConfigureAwait(false), "body");
            if (run.Code is null)
                throw ApiException.BadRequest("the body needs 'code', the program's source");
            if (!string.Equals(run.Language, RunCodeMapping.Language, StringComparison.Ordinal))
                return Json(RunCodeMapping.SandboxError($"language '{run.Language}' is not supported here: this is R1Gym's C# sandbox; send \"language\": \"csharp\""));
            if (run.Files is { Count: > 0 } || run.FetchFiles is { Count: > 0 })
                return Json(RunCodeMapping.SandboxError("'files' and 'fetch_files' are not supported: R1Gym's sandbox has no file system to share; pass input through 'stdin'"));
            try
            {
                var result = await sandbox.RunAsync(run.Code, RunCodeMapping.Spec(run, sandbox.Sandbox.Options), request.HttpContext.RequestAborted).ConfigureAwait(false);
                return Json(RunCodeMapping.ToResponse(result));
            }
            catch (ApiException e) when (e.Status is 429 or 503)
            {
                // verl retries 504 only; every overload answers with it here.
                throw new ApiException(504, e.Code, e.Message) { RetryAfterSeconds = e.RetryAfterSeconds };
            }
        })
        .WithSummary("SandboxFusion run_code for C#: status, compile_result, run_result")
        .Accepts<RunCodeRequest>("application/json").Produces<RunCodeResponse>();
    }

    private static IResult Json(RunCodeResponse response) => Results.Json(response, JsonBody.Options);
}

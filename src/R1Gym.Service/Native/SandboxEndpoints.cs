using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using R1Gym.Service.Core;
using R1Gym.Service.Hosting;

namespace R1Gym.Service.Native;

/// <summary><c>POST /v1/sandbox/run</c>: one C# answer against a test specification, as <c>r1gym sandbox run</c>.</summary>
internal static class SandboxEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/sandbox/run", async (HttpRequest request, SandboxService sandbox) =>
        {
            var body = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
            var run = JsonBody.Bind<SandboxRunRequest>(body, "body");
            if (run.Code is null || run.Tests is null)
                throw ApiException.BadRequest("the body needs 'code' (C# source) and 'tests' (a test specification object: entryPoint/tests or mode: stdio)");
            var result = await sandbox.RunAsync(run.Code, run.Tests, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return Results.Text(result.ToJson().ToJsonString(JsonBody.Options), "application/json; charset=utf-8");
        })
        .WithSummary("Verify one C# answer in the sandbox: verdict, passed/total, per-test results")
        .Accepts<SandboxRunRequest>("application/json");
}

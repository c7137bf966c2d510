using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using R1Gym.Gym;
using R1Gym.Service.Core;
using R1Gym.Service.Hosting;

namespace R1Gym.Service.Native;

/// <summary><c>GET /v1/health</c>, <c>GET /v1/tasks</c>, <c>GET /v1/tasks/{id}</c>, <c>POST /v1/tasks/{id}/problems</c>.</summary>
internal static class TaskEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/health", (ITaskRegistry registry, ItemGate gate, EpisodeStore episodes, SandboxService sandbox) =>
            Results.Json(new HealthResponse("ok", registry.All.Count, gate.Concurrency, gate.Running, gate.Waiting, episodes.Count, sandbox.Sandbox.CompilesIn), JsonBody.Options))
            .WithSummary("Liveness, task count and load").Produces<HealthResponse>();

        app.MapGet("/v1/tasks", (ITaskRegistry registry) =>
            Results.Json(new TasksResponse(registry.All.Select(Describe).ToList(), registry.Failures.Select(f => $"{f.Source}: {f.Reason}").ToList()), JsonBody.Options))
            .WithSummary("Every task: id, kind, description and options schema").Produces<TasksResponse>();

        // Task ids contain '/', so the id is the rest of the path.
        app.MapGet("/v1/tasks/{**id}", (string id, ITaskRegistry registry) =>
            registry.Find(id) is { } task ? Results.Json(Describe(task), JsonBody.Options) : throw NotFound(registry, id))
            .WithSummary("One task").Produces<TaskDto>();

        app.MapPost("/v1/tasks/{**path}", Problems)
            .WithSummary("Problems (seed, start .. start + count - 1) of a single-turn task: POST /v1/tasks/{id}/problems")
            .Accepts<ProblemsRequest>("application/json").Produces<ProblemsResponse>();
    }

    private static async Task<IResult> Problems(string path, HttpRequest request, VerifyService tasks, ITaskRegistry registry, Microsoft.Extensions.Options.IOptions<ServiceOptions> options)
    {
        const string suffix = "/problems";
        if (!path.EndsWith(suffix, StringComparison.Ordinal))
            throw ApiException.NotFound($"no endpoint POST /v1/tasks/{path}; did you mean POST /v1/tasks/{{id}}/problems?");
        string id = path[..^suffix.Length];
        var body = JsonBody.Bind<ProblemsRequest>(await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false), "body");
        if (body.Count < 1 || body.Start < 0)
            throw ApiException.BadRequest($"'count' must be at least 1 and 'start' at least 0, found count {body.Count}, start {body.Start}");
        JsonBody.CheckItems(body.Count, options.Value.MaxItemsPerRequest, "problems");
        var instance = tasks.Instance(id, body.Options);
        var task = instance.Task ?? throw ApiException.BadRequest(
            $"'{id}' is a multi-turn environment; play it with POST /v1/envs/{id}/episodes instead of asking for problems");
        long end = (long)body.Start + body.Count;
        if (end > int.MaxValue)
            throw ApiException.BadRequest($"'start' + 'count' must stay below {int.MaxValue}, found {end}");
        var problems = Enumerable.Range(body.Start, body.Count).Select(i =>
        {
            var p = task.Generate(body.Seed, i);
            return new ProblemDto(i, p.Prompt, p.Answer, p.Difficulty, p.Metadata);
        }).ToList();
        return Results.Json(new ProblemsResponse(instance.Descriptor.Id, problems), JsonBody.Options);
    }

    private static TaskDto Describe(TaskDescriptor d) =>
        new(d.Id, d.Domain, d.Kind == TaskKind.SingleTurn ? "single-turn" : "multi-turn", d.SourceKind.ToString().ToLowerInvariant(), d.Description, d.EvaluationOnly, OptionsSchema.For(d.OptionsType));

    private static ApiException NotFound(ITaskRegistry registry, string id)
    {
        try
        {
            registry.Get(id);
            return ApiException.NotFound($"task '{id}' was not found");
        }
        catch (UnknownTaskException e)
        {
            return new ApiException(404, "unknown_task", e.Message);
        }
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using R1Gym.Service.Core;
using R1Gym.Service.Hosting;

namespace R1Gym.Service.Native;

/// <summary>
/// Environments: <c>POST /v1/envs/{id}/episodes</c> starts one, <c>POST /v1/episodes/{episode}/step</c> acts,
/// <c>DELETE /v1/episodes/{episode}</c> ends it. Idle episodes expire (<see cref="ServiceOptions.EpisodeIdleSeconds"/>).
/// </summary>
internal static class EpisodeEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/envs/{**path}", async (string path, HttpRequest request, EpisodeStore episodes) =>
        {
            const string suffix = "/episodes";
            if (!path.EndsWith(suffix, StringComparison.Ordinal))
                throw ApiException.NotFound($"no endpoint POST /v1/envs/{path}; did you mean POST /v1/envs/{{id}}/episodes?");
            string env = path[..^suffix.Length];
            var body = JsonBody.Bind<StartEpisodeRequest>(await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false), "body");
            var (id, observation) = await episodes.StartAsync(env, body.Seed, body.Index, body.Options, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return Results.Json(new StartEpisodeResponse(id, env, new ObservationDto(observation.Text, observation.Info)), JsonBody.Options);
        })
        .WithSummary("Start an episode (seed, index) of an environment: POST /v1/envs/{id}/episodes")
        .Accepts<StartEpisodeRequest>("application/json").Produces<StartEpisodeResponse>();

        app.MapPost("/v1/episodes/{episode}/step", async (string episode, HttpRequest request, EpisodeStore episodes) =>
        {
            var body = JsonBody.Bind<StepRequest>(await JsonBody.ReadObjectAsync(request).ConfigureAwait(false), "body");
            if (body.Action is null)
                throw ApiException.BadRequest("the body needs 'action', the agent's full text output");
            var step = await episodes.StepAsync(episode, body.Action, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return Results.Json(new StepResponse(step.Observation, step.Reward, step.Terminated, step.Truncated, step.Done, step.Info,
                step.Verdict is { } v ? VerifyEndpoints.Verdict(v) : null), JsonBody.Options);
        })
        .WithSummary("Apply an action").Accepts<StepRequest>("application/json").Produces<StepResponse>();

        app.MapDelete("/v1/episodes/{episode}", (string episode, EpisodeStore episodes) =>
            episodes.End(episode) ? Results.NoContent() : throw ApiException.NotFound($"no episode '{episode}' (already ended or expired)"))
            .WithSummary("End an episode");
    }
}

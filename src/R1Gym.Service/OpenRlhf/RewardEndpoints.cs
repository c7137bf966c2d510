using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using R1Gym.Service.Core;
using R1Gym.Service.Hosting;

namespace R1Gym.Service.OpenRlhf;

/// <summary>OpenRLHF's remote reward request (<c>remote_rm_fn</c>): prompt + response texts, prompts and labels.</summary>
public sealed record GetRewardRequest(
    [property: JsonPropertyName("query")] IReadOnlyList<string>? Query,
    [property: JsonPropertyName("prompts")] IReadOnlyList<string>? Prompts,
    [property: JsonPropertyName("labels")] IReadOnlyList<string?>? Labels);

/// <summary>Rewards (composed, what the trainer optimises), scores (the verifier's score, for filtering) and per-item logs.</summary>
public sealed record GetRewardResponse(
    [property: JsonPropertyName("rewards")] IReadOnlyList<double> Rewards,
    [property: JsonPropertyName("scores")] IReadOnlyList<double> Scores,
    [property: JsonPropertyName("extra_logs")] JsonObject ExtraLogs,
    [property: JsonPropertyName("errors")] IReadOnlyList<string?> Errors);

/// <summary>
/// OpenRLHF remote reward: <c>POST /get_reward</c>. The completion is the query with its prompt prefix removed; the label
/// names the problem (see <see cref="RewardLabel"/>). A bad item scores 0 and its reason is in <c>errors</c> (numbers only in <c>extra_logs</c>, which OpenRLHF turns into tensors);
/// overload answers 504 so OpenRLHF's retry loop tries again.
/// </summary>
internal static class RewardEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/get_reward", GetReward)
            .WithSummary("OpenRLHF remote reward: {query, prompts, labels} -> {rewards, scores}")
            .Accepts<GetRewardRequest>("application/json").Produces<GetRewardResponse>();

    private static async Task<IResult> GetReward(HttpRequest request, VerifyService verifier, IOptions<ServiceOptions> options)
    {
        var body = JsonBody.Bind<GetRewardRequest>(await JsonBody.ReadObjectAsync(request).ConfigureAwait(false), "body");
        var queries = body.Query ?? throw ApiException.BadRequest("the body needs 'query', a list of prompt + response texts");
        JsonBody.CheckItems(queries.Count, options.Value.MaxItemsPerRequest, "queries");
        if (body.Labels is null || body.Labels.Count != queries.Count || (body.Prompts is not null && body.Prompts.Count != queries.Count))
            throw ApiException.BadRequest($"'labels' (and 'prompts', when given) must have one entry per query: {queries.Count} queries, {body.Labels?.Count ?? 0} labels, {body.Prompts?.Count.ToString() ?? "no"} prompts. Start OpenRLHF with --label_key naming the label column");
        string? task = request.Query["task"].ToString() is { Length: > 0 } t ? t : null;

        var items = new VerifyItem?[queries.Count];
        var errors = new string?[queries.Count];
        for (int i = 0; i < queries.Count; i++)
        {
            string query = queries[i] ?? "";
            string? prompt = body.Prompts?[i];
            string completion = prompt is { Length: > 0 } && query.StartsWith(prompt, StringComparison.Ordinal) ? query[prompt.Length..] : query;
            try
            {
                items[i] = RewardLabel.Parse(body.Labels[i], completion, task, i);
            }
            catch (ApiException e)
            {
                errors[i] = e.Message;
            }
        }
        var results = await verifier.VerifyAllAsync(items, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (results.FirstOrDefault(r => r.Error is { Status: 429 or 503 or 504 }) is { Error: { } overloaded })
            throw new ApiException(504, overloaded.Code, overloaded.Message) { RetryAfterSeconds = overloaded.RetryAfterSeconds ?? 1 };

        var rewards = new double[queries.Count];
        var scores = new double[queries.Count];
        for (int i = 0; i < queries.Count; i++)
        {
            if (errors[i] is null && results[i].Error is { } e)
                errors[i] = e.Message;
            if (results[i].Outcome is { } outcome && errors[i] is null)
                (rewards[i], scores[i]) = (outcome.Reward.Total, outcome.Verdict.Score);
        }
        var logs = new JsonObject
        {
            ["correct"] = new JsonArray(results.Select(r => (JsonNode)JsonValue.Create(r.Outcome?.Verdict.IsCorrect == true ? 1.0 : 0.0)).ToArray()),
        };
        return Results.Json(new GetRewardResponse(rewards, scores, logs, errors), JsonBody.Options);
    }
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;
using R1Gym.Service.Core;
using R1Gym.Service.Hosting;

namespace R1Gym.Service.Native;

/// <summary><c>POST /v1/verify</c>: a batch of completions; results keep the order and ids, a bad item gets its own error.</summary>
internal static class VerifyEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/verify", Verify)
            .WithSummary("Verify completions and compose their rewards")
            .Accepts<VerifyRequest>("application/json").Produces<VerifyResponse>();

    private static async Task<IResult> Verify(HttpRequest request, VerifyService verifier, IOptions<ServiceOptions> options)
    {
        var body = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (body["items"] is not JsonArray items)
            throw ApiException.BadRequest("the body needs 'items', an array of {\"id\", \"task\", \"seed\", \"index\" or \"answer\", \"completion\"}");
        JsonBody.CheckItems(items.Count, options.Value.MaxItemsPerRequest, "items");

        // Each item binds on its own, so a malformed item fails alone.
        var parsed = items.Select((node, i) => Parse(node, i)).ToList();
        var results = await verifier.VerifyAllAsync(parsed.Select(p => p.Item).ToList(), request.HttpContext.RequestAborted).ConfigureAwait(false);
        var dtos = parsed.Select((p, i) => p.Error is not null ? Failed(p.Id, p.Error) : ToDto(p.Id, results[i])).ToList();
        return Results.Json(new VerifyResponse(dtos), JsonBody.Options);
    }

    private static (JsonNode? Id, VerifyItem? Item, ApiException? Error) Parse(JsonNode? node, int index)
    {
        var id = (node as JsonObject)?["id"]?.DeepClone();
        try
        {
            var dto = JsonBody.Bind<VerifyItemRequest>(node, $"items[{index}]");
            if (dto.Task is null)
                throw ApiException.BadRequest($"items[{index}] needs 'task', a task id such as \"math/addition-v1\"");
            if (dto.Completion is null)
                throw ApiException.BadRequest($"items[{index}] needs 'completion', the model's output");
            return (id, new VerifyItem(dto.Task, dto.Completion) { Seed = dto.Seed, Index = dto.Index, Answer = dto.Answer, Options = dto.Options, Tokens = dto.Tokens }, null);
        }
        catch (ApiException e)
        {
            return (id, null, e);
        }
    }

    internal static VerifyResultDto ToDto(JsonNode? id, VerifyItemResult result)
    {
        if (result.Error is { } error)
            return Failed(id, error);
        var (verdict, reward, final) = result.Outcome!;
        return new VerifyResultDto(id, reward.Total, verdict.IsCorrect, new RewardComponentsDto(reward.Accuracy, reward.Format, reward.Language, reward.Length),
            Verdict(verdict), final, null);
    }

    internal static VerdictDto Verdict(Verdict verdict) => new(verdict.Score, verdict.Reason, verdict.Details);

    private static VerifyResultDto Failed(JsonNode? id, ApiException error) =>
        new(id, null, null, null, null, null, new ErrorDto(error.Code, error.Message));
}

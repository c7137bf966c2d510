using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Service.Core;
using R1Gym.Service.Hosting;

namespace R1Gym.Service.OpenRlhf;

/// <summary>
/// How an OpenRLHF label names its problem. Either a JSON object in the label string,
/// <c>{"task": "math/addition-v1", "seed": 0, "index": 3}</c> or <c>{"task": "math/math500", "answer": "\\frac{1}{2}"}</c>
/// (optional <c>"options"</c>), or a plain reference answer when the URL names the task: <c>/get_reward?task=math/math500</c>.
/// </summary>
internal static class RewardLabel
{
    public static VerifyItem Parse(string? label, string completion, string? defaultTask, int index)
    {
        string text = label?.Trim() ?? "";
        if (text.StartsWith('{'))
        {
            JsonObject json;
            try
            {
                json = JsonNode.Parse(text) as JsonObject ?? throw ApiException.BadRequest($"labels[{index}] must be a JSON object");
            }
            catch (JsonException e)
            {
                throw ApiException.BadRequest($"labels[{index}] starts with '{{' but is not valid JSON: {e.Message}");
            }
            string task = (json["task"] as JsonValue)?.ToString() ?? defaultTask
                ?? throw ApiException.BadRequest($"labels[{index}] needs \"task\" (or name it once in the URL: /get_reward?task=<id>)");
            try
            {
                return new VerifyItem(task, completion)
                {
                    Seed = (long?)json["seed"] ?? 0,
                    Index = (int?)json["index"],
                    Answer = json["answer"] is JsonValue a ? a.ToString() : null,
                    Options = json["options"] as JsonObject,
                };
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw ApiException.BadRequest($"labels[{index}]: 'seed' and 'index' must be integers ({e.Message})");
            }
        }
        if (defaultTask is null)
            throw ApiException.BadRequest($"labels[{index}] is a plain answer, so the URL must name the task: /get_reward?task=<id> (or make the label {{\"task\", \"answer\"}} JSON)");
        return new VerifyItem(defaultTask, completion) { Answer = label ?? "" };
    }
}

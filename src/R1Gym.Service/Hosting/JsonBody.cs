using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace R1Gym.Service.Hosting;

/// <summary>Reads request bodies as JSON, turning every malformed body into a 400 that says what is wrong and where.</summary>
public static class JsonBody
{
    /// <summary>snake_case out, case-insensitive in: the wire format of every native endpoint.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Prompts hold '<', '>', '+' and quotes: written as they are, not as \u003C escapes (bodies are JSON, never HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The body as a JSON object (an empty body reads as <c>{}</c> when <paramref name="allowEmpty"/>).</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, bool allowEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0)
            return allowEmpty ? [] : throw ApiException.BadRequest("the request body is empty; expected a JSON object");
        try
        {
            return JsonNode.Parse(buffer.ToArray()) as JsonObject
                ?? throw ApiException.BadRequest("the request body must be a JSON object ({...})");
        }
        catch (JsonException e)
        {
            throw new ApiException(400, "bad_json", $"the request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Binds <paramref name="node"/> to <typeparamref name="T"/>; <paramref name="where"/> names it in the error.</summary>
    public static T Bind<T>(JsonNode? node, string where)
    {
        try
        {
            return node.Deserialize<T>(Options) ?? throw ApiException.BadRequest($"{where}: expected a JSON object, found null");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"{where}: {e.Message}");
        }
    }

    /// <summary>Throws 413 when a request carries more than <paramref name="max"/> items.</summary>
    public static void CheckItems(int count, int max, string what)
    {
        if (count > max)
            throw ApiException.TooLarge($"{count} {what} in one request, the limit is {max} (Service:MaxItemsPerRequest); split the request");
    }
}

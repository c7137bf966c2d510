using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;

namespace R1Gym.Service.Hosting;

/// <summary>
/// Outermost middleware: gives each request an id (the client's <c>X-Request-Id</c> when it is sane, else a new one),
/// echoes it, logs one structured line per request (never the query string, which may hold the key), and turns every
/// exception into <c>{"error": {"code", "message"}, "request_id"}</c> without a stack trace.
/// </summary>
internal sealed class ErrorResponses(RequestDelegate next, ILogger<ErrorResponses> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        string requestId = http.Request.Headers["X-Request-Id"].ToString() is { Length: > 0 and <= 64 } given && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given : Guid.NewGuid().ToString("N")[..16];
        http.TraceIdentifier = requestId;
        http.Response.Headers["X-Request-Id"] = requestId;
        var clock = Stopwatch.StartNew();
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId }))
        {
            try
            {
                await next(http).ConfigureAwait(false);
                if (!http.Response.HasStarted && http.Response.StatusCode is 404 or 405 or 415)
                    await WriteAsync(http, Routing(http)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client went away: nobody reads an answer.
                http.Response.StatusCode = 499;
            }
            catch (Exception e)
            {
                var error = e switch
                {
                    R1GymException domain => ErrorMapping.FromDomain(domain),
                    BadHttpRequestException bad when bad.StatusCode == 413 => ApiException.TooLarge($"the request body is larger than the limit (Service:MaxRequestBytes): {bad.Message}"),
                    BadHttpRequestException bad => new ApiException(bad.StatusCode, "bad_request", bad.Message),
                    _ => null,
                };
                if (error is null)
                    logger.LogError(e, "Request {RequestId} {Method} {Path} failed", requestId, http.Request.Method, http.Request.Path.Value);
                await WriteAsync(http, error ?? new ApiException(500, "internal_error", $"internal error; the server log has the details under request id {requestId}")).ConfigureAwait(false);
            }
            logger.LogInformation("{Method} {Path} -> {Status} in {ElapsedMs:0.0} ms (request {RequestId})",
                http.Request.Method, http.Request.Path.Value, http.Response.StatusCode, clock.Elapsed.TotalMilliseconds, requestId);
        }
    }

    /// <summary>Routing's empty answers, with the reason in the body.</summary>
    private static ApiException Routing(HttpContext http) => http.Response.StatusCode switch
    {
        415 => new ApiException(415, "unsupported_media_type", $"send the body as JSON with 'Content-Type: application/json' (found '{http.Request.ContentType}')"),
        405 => new ApiException(405, "method_not_allowed", $"{http.Request.Method} is not allowed on {http.Request.Path.Value}; see /openapi/v1.json"),
        _ => new ApiException(404, "not_found", $"no endpoint {http.Request.Method} {http.Request.Path.Value}; see /openapi/v1.json"),
    };

    /// <summary>Writes an error body unless the response has started (then the connection is the only signal left).</summary>
    public static async Task WriteAsync(HttpContext http, ApiException error)
    {
        if (http.Response.HasStarted)
        {
            http.Abort();
            return;
        }
        http.Response.Clear();
        http.Response.Headers["X-Request-Id"] = http.TraceIdentifier;
        http.Response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds)
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message },
            ["request_id"] = http.TraceIdentifier,
        };
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString(JsonBody.Options), http.RequestAborted).ConfigureAwait(false);
    }
}

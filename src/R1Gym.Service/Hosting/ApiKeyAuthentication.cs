using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace R1Gym.Service.Hosting;

/// <summary>
/// With <see cref="ServiceOptions.ApiKey"/> set, every request needs <c>Authorization: Bearer &lt;key&gt;</c>; clients
/// that cannot send headers (verl's sandbox_fusion reward, OpenRLHF's remote reward) put <c>?api_key=&lt;key&gt;</c> in
/// the URL instead. Anything else gets 401. Keys are compared in constant time.
/// </summary>
internal sealed class ApiKeyAuthentication(RequestDelegate next, IOptions<ServiceOptions> options)
{
    private readonly byte[]? _key = options.Value.ApiKey is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : null;

    public Task InvokeAsync(HttpContext http)
    {
        if (_key is null || Matches(Presented(http.Request)))
            return next(http);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ErrorResponses.WriteAsync(http, new ApiException(401, "unauthorized",
            "this server requires an API key: send 'Authorization: Bearer <key>', or add '?api_key=<key>' to the URL when the client cannot send headers"));
    }

    private static string? Presented(HttpRequest request)
    {
        string header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return header["Bearer ".Length..].Trim();
        return request.Query["api_key"].ToString() is { Length: > 0 } query ? query : null;
    }

    private bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
}

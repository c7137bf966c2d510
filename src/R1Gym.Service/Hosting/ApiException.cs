using R1Gym.Abstractions;

namespace R1Gym.Service.Hosting;

/// <summary>
/// An error the service answers with a status code and a machine-readable code: <c>{"error": {"code", "message"}}</c>.
/// </summary>
public class ApiException(int status, string code, string message) : R1GymException(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>Seconds a client should wait before retrying (sent as <c>Retry-After</c>), or null.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiException BadRequest(string message) => new(400, "bad_request", message);

    public static ApiException NotFound(string message) => new(404, "not_found", message);

    public static ApiException TooLarge(string message) => new(413, "too_large", message);
}

using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Testing;

namespace R1Gym.Service.Hosting;

/// <summary>Domain errors as API errors: what the client got wrong is a 400 with the reason, never a stack trace.</summary>
public static class ErrorMapping
{
    public static ApiException FromDomain(R1GymException e) => e switch
    {
        ApiException api => api,
        UnknownTaskException => new ApiException(400, "unknown_task", e.Message),
        TaskOptionsException => new ApiException(400, "invalid_options", e.Message),
        _ => new ApiException(400, "bad_request", e.Message),
    };
}

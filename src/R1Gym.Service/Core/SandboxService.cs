using System.Text.Json.Nodes;
using R1Gym.Sandbox;

namespace R1Gym.Service.Core;

/// <summary>Runs C# answers in the host's sandbox pool, each through the <see cref="ItemGate"/>.</summary>
public sealed class SandboxService(CodeSandbox sandbox, ItemGate gate)
{
    public CodeSandbox Sandbox { get; } = sandbox ?? throw new ArgumentNullException(nameof(sandbox));

    /// <summary>Verifies one answer; a malformed specification throws <see cref="Abstractions.R1GymException"/> (400).</summary>
    public Task<SandboxResult> RunAsync(string code, JsonObject tests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tests);
        // Parse before queueing, so a bad specification is a 400 at once rather than after a wait.
        TestSpec.Parse(tests, Sandbox.Options);
        return gate.RunAsync(token => Sandbox.RunAsync(code ?? "", tests, token), ct);
    }
}

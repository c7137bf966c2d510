using System.Collections.Concurrent;
using R1Gym.Abstractions;

namespace R1Gym.Service.Tests;

/// <summary>Tiny tasks the service tests serve: a sum, a verifier the test holds open, a buggy one, and a counting game.</summary>
public sealed class TestTasks : ITaskPlugin
{
    public void Register(ITaskCatalog tasks)
    {
        tasks.AddTask<NoOptions>("test/add-v1", _ => new AddTask(), "Add two numbers");
        tasks.AddTask<NoOptions>("test/gated-v1", _ => new GatedTask(), "Verification waits until the test opens the gate named by the completion");
        tasks.AddTask<NoOptions>("test/buggy-v1", _ => new BuggyTask(), "A verifier with a bug");
        tasks.AddEnvironment<NoOptions>("test/count-v1", _ => new CountEnvironment(), "Count to three");
    }

    /// <summary>Problem (seed, index) of test/add-v1 asks for (seed + index) + 2 * index.</summary>
    public static string Answer(long seed, int index) => (seed + 3L * index).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Completion(string answer) => $"<think>adding</think> <answer>{answer}</answer>";

    private sealed class AddTask : IReasoningTask
    {
        public Problem Generate(long seed, int index) =>
            new Problem($"What is {seed + index} + {2 * index}?", Answer(seed, index)) { Key = new ProblemKey(seed, index) };

        public ValueTask<Verdict> VerifyAsync(VerifyArgs args, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(args.FinalAnswer == args.Problem.Answer ? Verdict.Correct() : Verdict.Wrong($"expected {args.Problem.Answer}, got {args.FinalAnswer}"));

        public string? Solve(Problem problem) => Completion(problem.Answer);
    }

    private sealed class GatedTask : IReasoningTask
    {
        public Problem Generate(long seed, int index) => new("Wait.", "open");

        public async ValueTask<Verdict> VerifyAsync(VerifyArgs args, CancellationToken cancellationToken = default)
        {
            var gate = Gates.For(args.Completion);
            gate.Entered.TrySetResult();
            await gate.Open.Task.WaitAsync(cancellationToken);
            return Verdict.Correct("the gate opened");
        }

        public string? Solve(Problem problem) => null;
    }

    private sealed class BuggyTask : IReasoningTask
    {
        public Problem Generate(long seed, int index) => index == 7 ? throw new InvalidOperationException("generator bug at index 7") : new("Anything.", "x");

        public ValueTask<Verdict> VerifyAsync(VerifyArgs args, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("verifier bug with a secret path /srv/secret");

        public string? Solve(Problem problem) => null;
    }

    /// <summary>Say 1, 2, 3 in turn; the right number advances, the third ends the episode with reward 1.</summary>
    private sealed class CountEnvironment : IEnvironment
    {
        private int _next;

        public ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default)
        {
            _next = 1;
            return ValueTask.FromResult(new Observation("Count to three, one number per turn."));
        }

        public ValueTask<StepResult> StepAsync(string action, CancellationToken cancellationToken = default)
        {
            if (action.Trim() != _next.ToString(System.Globalization.CultureInfo.InvariantCulture))
                return ValueTask.FromResult(new StepResult($"Expected {_next}.", 0, false, false));
            _next++;
            return ValueTask.FromResult(_next > 3 ? new StepResult("Done.", 1, true, false) : new StepResult($"Now {_next}.", 0, false, false));
        }

        public string? ReferenceAction() => _next.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Gates that hold test/gated-v1's verifier: the completion text names the gate.</summary>
public static class Gates
{
    private static readonly ConcurrentDictionary<string, Gate> All = new();

    public static Gate For(string name) => All.GetOrAdd(name, _ => new Gate());

    /// <summary>A fresh gate name (use it as the completion).</summary>
    public static string New() => "gate-" + Guid.NewGuid().ToString("N");
}

public sealed class Gate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

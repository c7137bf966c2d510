using System.ComponentModel.DataAnnotations;
using R1Gym.Abstractions;

namespace R1Gym.Gym.Tests.Support;

/// <summary>Small, well-behaved tasks used across the tests.</summary>
public sealed record AdditionOptions : TaskOptions
{
    [Range(1, 9)]
    public int Digits { get; init; } = 2;

    [Range(2, 5)]
    public int Terms { get; init; } = 2;

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Digits * Terms > 30)
            yield return new ValidationResult("Digits x Terms must be at most 30", [nameof(Digits), nameof(Terms)]);
    }
}

public sealed class AdditionTask(AdditionOptions options) : ReasoningTask<AdditionOptions>(options)
{
    protected override Problem Create(Random random, int index)
    {
        int max = (int)Math.Pow(10, Options.Digits);
        var terms = Enumerable.Range(0, Options.Terms).Select(_ => random.Next(max / 10, max)).ToArray();
        return new Problem($"What is {string.Join(" + ", terms)}?", terms.Sum().ToString(), Options.Digits)
        {
            Metadata = new Dictionary<string, string> { ["terms"] = string.Join(",", terms) },
        };
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Numbers.AreEqual(args.FinalAnswer, args.Problem.Answer)
            ? Verdict.Correct()
            : Verdict.Wrong($"expected {args.Problem.Answer}, got {args.FinalAnswer ?? "nothing"}"));

    public override string? Solve(Problem problem) =>
        R1Format.Compose($"Adding {problem.Metadata["terms"].Replace(",", " and ")} gives {problem.Answer}.", $"\\boxed{{{problem.Answer}}}");
}

/// <summary>Guess a number in 1..Max; feedback says higher or lower. The reference policy bisects.</summary>
public sealed record GuessOptions : TaskOptions
{
    [Range(2, 1000)]
    public int Max { get; init; } = 100;

    [Range(1, 50)]
    public int Turns { get; init; } = 12;
}

public sealed class GuessEnvironment(GuessOptions options) : IEnvironment
{
    private int _secret, _low, _high, _turn;

    public ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default)
    {
        _secret = new Random(DeterministicSeed.Combine(seed, index)).Next(1, options.Max + 1);
        (_low, _high, _turn) = (1, options.Max, 0);
        return ValueTask.FromResult(new Observation($"Guess my number between 1 and {options.Max}."));
    }

    public ValueTask<StepResult> StepAsync(string action, CancellationToken cancellationToken = default)
    {
        _turn++;
        bool truncated = _turn >= options.Turns;
        var answer = Answers.Extract(action);
        if (answer is null || !int.TryParse(Numbers.Normalize(answer), out var guess))
            return ValueTask.FromResult(new StepResult("Please answer with a whole number.", 0, false, truncated));
        if (guess == _secret)
            return ValueTask.FromResult(new StepResult("Correct!", 1, true, false));
        if (guess < _secret)
            _low = Math.Max(_low, guess + 1);
        else
            _high = Math.Min(_high, guess - 1);
        return ValueTask.FromResult(new StepResult(guess < _secret ? "Higher." : "Lower.", 0, false, truncated));
    }

    public string? ReferenceAction() => R1Format.Compose($"Between {_low} and {_high}; bisect.", ((_low + _high) / 2).ToString());
}

public sealed class SamplePlugin : ITaskPlugin
{
    public void Register(ITaskCatalog tasks)
    {
        tasks.AddTask<AdditionOptions>("arith/addition-v1", o => new AdditionTask(o), "Add numbers");
        tasks.AddEnvironment<GuessOptions>("games/guess-v1", o => new GuessEnvironment(o), "Guess the number");
    }
}

/// <summary>A plugin with a configurable registration body, for registry edge cases.</summary>
public sealed class LambdaPlugin(Action<ITaskCatalog> register) : ITaskPlugin
{
    public void Register(ITaskCatalog tasks) => register(tasks);
}

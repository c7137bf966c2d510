using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.TaskTemplate;

// A sample multi-turn environment to start from: guess a hidden number, told "higher" or "lower" after each guess. Keep
// the shape (options record, seeded reset, a step that never throws on model output, a reference policy) and replace the
// game. Bump the -vN of the id whenever a change could change rewards.

/// <summary>Options of sample/sample-task-v1, bound from JSON (<c>--options '{"maxNumber": 1000}'</c>) and validated before use.</summary>
public sealed record TemplateClassOptions : TaskOptions
{
    /// <summary>The hidden number is between 1 and this. Default: 100.</summary>
    [Range(2, 1_000_000)]
    public int MaxNumber { get; init; } = 100;

    /// <summary>Guesses allowed before the episode is cut short (truncated, reward 0). Default: 12.</summary>
    [Range(1, 100)]
    public int MaxTurns { get; init; } = 12;

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The reference policy (binary search) must be able to win within the turn limit.
        if (Math.Ceiling(Math.Log2(MaxNumber + 1)) > MaxTurns)
            yield return new ValidationResult($"MaxTurns must be at least log2(MaxNumber + 1) = {Math.Ceiling(Math.Log2(MaxNumber + 1))}", [nameof(MaxTurns), nameof(MaxNumber)]);
    }
}

/// <summary>
/// sample/sample-task-v1: one episode per (seed, index); each step reads the last number of the agent's answer and
/// replies "higher", "lower" or "correct" (reward 1, terminated). Unreadable actions get feedback, never an exception.
/// </summary>
public sealed class TemplateClassEnvironment(TemplateClassOptions options) : IEnvironment
{
    private int _secret;
    private int _low, _high, _turns;
    private bool _over = true;

    public ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default)
    {
        var random = new Random(DeterministicSeed.Combine(seed, index));
        _secret = random.Next(1, options.MaxNumber + 1);
        (_low, _high, _turns, _over) = (1, options.MaxNumber, 0, false);
        return ValueTask.FromResult(new Observation(
            $"I am thinking of a whole number from 1 to {options.MaxNumber}. Guess it: after each guess I say higher or lower. " +
            $"You have {options.MaxTurns} guesses. Put each guess inside <answer></answer> tags, for example <answer>50</answer>."));
    }

    public ValueTask<StepResult> StepAsync(string action, CancellationToken cancellationToken = default)
    {
        if (_over)
            return ValueTask.FromResult(new StepResult("The game is over; reset to play again.", 0, Terminated: true, Truncated: false));
        _turns++;
        var answer = Answers.Extract(action ?? "");
        var number = answer is null ? null : Answers.LastNumber(answer);
        string reply;
        if (number is null || !int.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out int guess))
            reply = "I could not read a whole number in your answer.";
        else if (guess == _secret)
        {
            _over = true;
            return ValueTask.FromResult(Result($"Correct, it is {_secret}!", 1, terminated: true));
        }
        else
        {
            if (guess < _secret)
                _low = Math.Max(_low, guess + 1);
            else
                _high = Math.Min(_high, guess - 1);
            reply = guess < _secret ? $"Higher than {guess}." : $"Lower than {guess}.";
        }
        if (_turns >= options.MaxTurns)
        {
            _over = true;
            return ValueTask.FromResult(new StepResult($"{reply} No guesses left: it was {_secret}.", 0, Terminated: false, Truncated: true));
        }
        return ValueTask.FromResult(Result($"{reply} {options.MaxTurns - _turns} guesses left.", 0, terminated: false));
    }

    /// <summary>The reference policy: binary search over what the replies so far allow.</summary>
    public string? ReferenceAction() =>
        _over ? null : R1Format.Compose($"The number is between {_low} and {_high}; guess the middle.", $"<answer>{(_low + _high) / 2}</answer>");

    private StepResult Result(string text, double reward, bool terminated) =>
        new(text, reward, terminated, Truncated: false) { Info = new JsonObject { ["turns"] = _turns } };
}

using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using R1Gym.Abstractions;

namespace R1Gym.Recipes.Demo;

/// <summary>Options of <c>demo/addition-v1</c>.</summary>
public sealed record AdditionOptions : TaskOptions
{
    /// <summary>Digits of each operand (both have exactly this many). Default: 3.</summary>
    [Range(1, 9)]
    public int Digits { get; init; } = 3;
}

/// <summary>
/// The demo's task: add two numbers, reasoning column by column from the right with carries, for example
/// <c>58+67</c> solved as <c>8+7=15\n5+6+1=12\n&lt;/think&gt;\n125</c>. Short and character-level friendly, so a
/// model trained from scratch on a CPU learns it in minutes, and partial skill leaves room for RL.
/// </summary>
public sealed class AdditionTask(AdditionOptions options) : ReasoningTask<AdditionOptions>(options)
{
    public const string Id = "demo/addition-v1";

    protected override Problem Create(Random random, int index)
    {
        long low = (long)Math.Pow(10, Options.Digits - 1), high = (long)Math.Pow(10, Options.Digits);
        long a = random.NextInt64(low, high), b = random.NextInt64(low, high);
        return new Problem($"{a}+{b}", (a + b).ToString(CultureInfo.InvariantCulture), Options.Digits);
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken)
    {
        var answer = args.FinalAnswer;
        if (answer is null)
            return ValueTask.FromResult(Verdict.Wrong("no final answer after </think>"));
        return ValueTask.FromResult(Numbers.AreEqual(answer, args.Problem.Answer)
            ? Verdict.Correct()
            : Verdict.Wrong($"expected {args.Problem.Answer}, got {Shorten(answer)}"));
    }

    /// <summary>One line per column, right to left: <c>digit+digit(+carry)=sum</c>.</summary>
    public override string? Solve(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var parts = problem.Prompt.Split('+');
        if (parts.Length != 2)
            return null;
        string a = parts[0], b = parts[1];
        var reasoning = new StringBuilder();
        int carry = 0;
        for (int column = 0; column < Math.Max(a.Length, b.Length); column++)
        {
            int x = Digit(a, column), y = Digit(b, column);
            int sum = x + y + carry;
            if (reasoning.Length > 0)
                reasoning.Append('\n');
            reasoning.Append(CultureInfo.InvariantCulture, $"{x}+{y}{(carry > 0 ? "+1" : "")}={sum}");
            carry = sum / 10;
        }
        return R1Format.Compose(reasoning.ToString(), problem.Answer);
    }

    private static int Digit(string number, int fromRight) =>
        fromRight < number.Length ? number[number.Length - 1 - fromRight] - '0' : 0;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}

/// <summary>Registers the demo's tasks through the SDK, like any plugin.</summary>
public sealed class DemoTasksPlugin : ITaskPlugin
{
    public void Register(ITaskCatalog tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        tasks.AddTask<AdditionOptions>(AdditionTask.Id, o => new AdditionTask(o), "Add two numbers column by column (the demo's task)");
        tasks.AddEnvironment<GuessNumberOptions>(GuessNumberEnvironment.Id, o => new GuessNumberEnvironment(o), "Find a number by higher/lower answers within a few guesses (the game demo)");
    }
}

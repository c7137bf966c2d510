using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace R1Gym.Cli.Commands;

/// <summary>The totals of one <c>r1gym grade</c> run: accuracy, mean reward, counts by verdict and by kind of reason.</summary>
internal sealed partial class GradeSummary
{
    private const int ReasonsShown = 10;
    private readonly Dictionary<string, int> _verdicts = new(StringComparer.Ordinal) { ["correct"] = 0, ["wrong"] = 0, ["partial"] = 0, ["error"] = 0 };
    private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);
    private int _lines;
    private double _rewardSum;

    public void Add(JsonObject result)
    {
        _lines++;
        bool error = result["error"] is not null;
        double score = result["score"]!.GetValue<double>();
        var verdict = error ? "error" : result["correct"]!.GetValue<bool>() ? "correct" : score > 0 ? "partial" : "wrong";
        _verdicts[verdict]++;
        if (!error)
            _rewardSum += result["reward"]!.GetValue<double>();
        var kind = Kind(result["reason"]!.GetValue<string>());
        _reasons[kind] = _reasons.GetValueOrDefault(kind) + 1;
    }

    /// <summary>Correct lines over all lines (an error line counts as not correct).</summary>
    public double Accuracy => _lines == 0 ? 0 : (double)_verdicts["correct"] / _lines;

    private double MeanReward => _lines == _verdicts["error"] ? 0 : _rewardSum / (_lines - _verdicts["error"]);

    private IEnumerable<KeyValuePair<string, int>> TopReasons =>
        _reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal);

    public object ToJson(string input, string output) => new
    {
        input,
        output,
        lines = _lines,
        accuracy = Accuracy,
        mean_reward = MeanReward,
        verdicts = _verdicts,
        reasons = TopReasons.ToDictionary(r => r.Key, r => r.Value),
    };

    public void Print(string input, string output)
    {
        static string F(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
        Console.Out.WriteLine($"graded       {_lines} lines of {input}");
        Console.Out.WriteLine($"results      {output}");
        Console.Out.WriteLine($"accuracy     {F(100 * Accuracy)}% ({_verdicts["correct"]} of {_lines} correct)");
        Console.Out.WriteLine($"mean reward  {F(MeanReward)} (lines without errors)");
        Console.Out.WriteLine($"verdicts     {string.Join(", ", _verdicts.Select(v => $"{v.Key} {v.Value}"))}");
        Console.Out.WriteLine("reasons");
        foreach (var (reason, count) in TopReasons.Take(ReasonsShown))
            Console.Out.WriteLine($"  {count,6}  {reason}");
        if (_reasons.Count > ReasonsShown)
            Console.Out.WriteLine($"  ({_reasons.Count - ReasonsShown} more kinds; --json lists them all)");
    }

    /// <summary>A reason with its particulars blanked ("expected '5', got '6'" is "expected '…', got '…'"), for counting.</summary>
    internal static string Kind(string reason)
    {
        var kind = Quoted().Replace(reason, "'…'");
        kind = Parenthesised().Replace(kind, "(…)");
        return Number().Replace(kind, "N");
    }

    [GeneratedRegex(@"'[^']*'", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\([^()]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"-?\d+(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}

using System.Text.RegularExpressions;

namespace R1Gym.Tasks.Games;

/// <summary>Mastermind scoring and code enumeration; codes are arrays of digits 1..colors.</summary>
internal static partial class MastermindCode
{
    /// <summary>Black: right digit in the right place. White: right digit in the wrong place (each digit counted once).</summary>
    public static (int Black, int White) Score(IReadOnlyList<int> secret, IReadOnlyList<int> guess)
    {
        int black = 0;
        Span<int> secretCounts = stackalloc int[10];
        Span<int> guessCounts = stackalloc int[10];
        for (int i = 0; i < secret.Count; i++)
        {
            if (secret[i] == guess[i])
                black++;
            else
            {
                secretCounts[secret[i]]++;
                guessCounts[guess[i]]++;
            }
        }
        int white = 0;
        for (int d = 0; d < 10; d++)
            white += Math.Min(secretCounts[d], guessCounts[d]);
        return (black, white);
    }

    /// <summary>
    /// Every code of <paramref name="pegs"/> digits from 1 to <paramref name="colors"/>, in lexicographic order. The list is
    /// cached and shared: callers filter it into new lists and never modify it.
    /// </summary>
    public static List<int[]> All(int pegs, int colors) => Cache.GetOrAdd((pegs, colors), key => Enumerate(key.Pegs, key.Colors));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Pegs, int Colors), List<int[]>> Cache = new();

    private static List<int[]> Enumerate(int pegs, int colors)
    {
        int total = (int)Math.Pow(colors, pegs);
        var codes = new List<int[]>(total);
        for (int n = 0; n < total; n++)
        {
            var code = new int[pegs];
            for (int i = pegs - 1, rest = n; i >= 0; i--, rest /= colors)
                code[i] = rest % colors + 1;
            codes.Add(code);
        }
        return codes;
    }

    public static string Text(IEnumerable<int> code) => string.Concat(code.Select(d => (char)('0' + d)));

    /// <summary>Reads a guess: exactly <paramref name="pegs"/> digits from <paramref name="low"/> to <paramref name="high"/>, spaces and commas allowed.</summary>
    public static int[]? Parse(string? text, int pegs, int low, int high, out string error)
    {
        error = "";
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            error = text is null ? "no answer found" : "the answer is empty or too long";
            return null;
        }
        var kept = text.Where(c => !char.IsWhiteSpace(c) && c is not (',' or '-' or '[' or ']' or '(' or ')')).ToArray();
        if (kept.Length != pegs || !kept.All(char.IsAsciiDigit))
        {
            // A sentence such as "My guess is 1234.": take its last run of exactly `pegs` digits.
            var runs = DigitRun().Matches(text).Where(m => m.Length == pegs).ToList();
            kept = runs.Count > 0 ? runs[^1].Value.ToCharArray() : kept;
        }
        if (kept.Length != pegs || !kept.All(char.IsAsciiDigit))
        {
            error = $"expected exactly {pegs} digits, found '{(text.Length > 40 ? text[..40] + "..." : text)}'";
            return null;
        }
        var code = kept.Select(c => c - '0').ToArray();
        if (code.Any(d => d < low || d > high))
        {
            error = $"every digit must be between {low} and {high}";
            return null;
        }
        return code;
    }

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DigitRun();
}

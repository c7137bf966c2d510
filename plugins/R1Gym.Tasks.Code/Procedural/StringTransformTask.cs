using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code.Procedural;

/// <summary>Options of <c>code/string-transform-v1</c>.</summary>
public sealed record StringTransformOptions : CodeTaskOptions
{
    /// <summary>Most words in a generated input. Default 6.</summary>
    [Range(1, 1000)]
    public int MaxWords { get; init; } = 6;

    /// <summary>Generated tests per problem. Default 8.</summary>
    [Range(1, 50)]
    public int Tests { get; init; } = 8;
}

/// <summary>
/// Small string functions with seeded parameters (Caesar shifts, word reversal, vowel counts, run-length
/// compression, every k-th character upper-cased) over generated sentences; expected values are computed natively.
/// </summary>
internal sealed class StringTransformTask(StringTransformOptions options, IServiceProvider services) : ReasoningTask<StringTransformOptions>(options)
{
    private sealed record Family(string Statement, string Signature, string Body, Func<string, JsonNode> Expected, string Reasoning);

    private static readonly string[] Syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ee", "oo", "bb", "xy", "q", "z"];

    private readonly CodeVerifier _verifier = new(services, options);

    protected override Problem Create(Random random, int index)
    {
        var family = Pick(random);
        var tests = new List<(JsonArray, JsonNode?)>();
        for (int t = 0; t < Options.Tests; t++)
        {
            string text = t == 0 ? "" : Sentence(random);
            tests.Add((new JsonArray(JsonValue.Create(text)), family.Expected(text)));
        }
        var statement = $"Write a C# function over a string of lower-case words separated by single spaces: {family.Statement}";
        return FunctionProblem.Create(statement, family.Signature, tests, FunctionProblem.Reference(family.Body), 0, family.Reasoning);
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        _verifier.VerifyAsync(args, cancellationToken);

    public override string? Solve(Problem problem) => FunctionProblem.Solve(problem);

    private string Sentence(Random random) =>
        string.Join(' ', Enumerable.Range(0, random.Next(1, Options.MaxWords + 1))
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Syllables[random.Next(Syllables.Length)]))));

    private static Family Pick(Random random)
    {
        int k = random.Next(1, 26), step = random.Next(2, 5);
        return random.Next(5) switch
        {
            0 => new Family(
                $"shift every letter {k} places forward in the alphabet, wrapping from z to a; spaces stay.",
                "string Shift(string text)",
                $"    public static string Shift(string text) =>\n        new string(text.Select(c => c == ' ' ? c : (char)('a' + (c - 'a' + {k}) % 26)).ToArray());",
                s => JsonValue.Create(new string(s.Select(c => c == ' ' ? c : (char)('a' + (c - 'a' + k) % 26)).ToArray())),
                $"Each letter maps to (letter - 'a' + {k}) mod 26; the modulo handles the wrap past z, and spaces are copied unchanged."),
            1 => new Family(
                "reverse the letters of each word but keep the words in their order.",
                "string ReverseWords(string text)",
                "    public static string ReverseWords(string text) =>\n        string.Join(\" \", text.Split(' ').Select(w => new string(w.Reverse().ToArray())));",
                s => JsonValue.Create(string.Join(" ", s.Split(' ').Select(w => new string(w.Reverse().ToArray())))),
                "Splitting on single spaces keeps the word order; reversing each word's characters and joining with one space rebuilds the sentence (an empty input stays empty)."),
            2 => new Family(
                "return how many vowels (a, e, i, o, u) the string contains.",
                "int CountVowels(string text)",
                "    public static int CountVowels(string text) => text.Count(c => \"aeiou\".Contains(c));",
                s => JsonValue.Create(s.Count(c => "aeiou".Contains(c))),
                "I count the characters that belong to the set a, e, i, o, u; y is not a vowel here and spaces never count."),
            3 => new Family(
                "compress runs of the same character: a run of n > 1 equal characters becomes the count followed by the character "
                + "(\"aaab\" becomes \"3ab\"); single characters, spaces included, are copied as they are.",
                "string Compress(string text)",
                "    public static string Compress(string text)\n    {\n        var result = new StringBuilder();\n        for (int i = 0; i < text.Length;)\n        {\n            int run = 1;\n            while (i + run < text.Length && text[i + run] == text[i])\n                run++;\n            if (run > 1)\n                result.Append(run);\n            result.Append(text[i]);\n            i += run;\n        }\n        return result.ToString();\n    }",
                s => JsonValue.Create(Compress(s)),
                "I walk the string once, measure each run of equal characters, and write the length only when it is above 1, then the character."),
            _ => new Family(
                $"upper-case every {Ordinal(step)} character counting from 1 (positions {step}, {2 * step}, ...), spaces included in the count.",
                "string UpperEvery(string text)",
                $"    public static string UpperEvery(string text) =>\n        new string(text.Select((c, i) => (i + 1) % {step} == 0 ? char.ToUpperInvariant(c) : c).ToArray());",
                s => JsonValue.Create(new string(s.Select((c, i) => (i + 1) % step == 0 ? char.ToUpperInvariant(c) : c).ToArray())),
                $"Position i (from 0) is the ({step}-multiple) character when (i + 1) mod {step} is 0; spaces take part in the count but stay spaces when upper-cased."),
        };
    }

    private static string Ordinal(int n) => n switch { 2 => "second", 3 => "third", _ => "fourth" };

    private static string Compress(string text)
    {
        var result = new StringBuilder();
        for (int i = 0; i < text.Length;)
        {
            int run = 1;
            while (i + run < text.Length && text[i + run] == text[i])
                run++;
            if (run > 1)
                result.Append(run);
            result.Append(text[i]);
            i += run;
        }
        return result.ToString();
    }
}

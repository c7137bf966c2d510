using System.Text.Json.Nodes;
using static R1Gym.Tasks.Code.Tests.Exercism.Def;

namespace R1Gym.Tasks.Code.Tests.Exercism;

/// <summary>Exercises p..s: sequences, ciphers and lookups.</summary>
internal static class ExercisesB
{
    public static IEnumerable<ExerciseDefinition> All =>
    [
        Ex("pascals-triangle", """
            public static class Solution
            {
                public static List<int[]> Rows(int count)
                {
                    var rows = new List<int[]>();
                    for (int r = 0; r < count; r++)
                    {
                        var row = new int[r + 1];
                        row[0] = row[r] = 1;
                        for (int i = 1; i < r; i++)
                            row[i] = rows[r - 1][i - 1] + rows[r - 1][i];
                        rows.Add(row);
                    }
                    return rows;
                }
            }
            """, M("rows", "List<int[]> Rows(int count)")),

        Ex("perfect-numbers", """
            public static class Solution
            {
                public static string Classify(int number)
                {
                    long sum = number == 1 ? 0 : 1;
                    for (long d = 2; d * d <= number; d++)
                        if (number % d == 0)
                            sum += d + (d * d == number ? 0 : number / d);
                    return sum == number ? "perfect" : sum > number ? "abundant" : "deficient";
                }
            }
            """, M("classify", "string Classify(int number)")) with { Notes = "Return \"perfect\", \"abundant\" or \"deficient\"; the number is always positive." },

        Ex("prime-factors", """
            public static class Solution
            {
                public static List<long> Factors(long value)
                {
                    var factors = new List<long>();
                    for (long d = 2; d * d <= value; d++)
                        while (value % d == 0)
                        {
                            factors.Add(d);
                            value /= d;
                        }
                    if (value > 1)
                        factors.Add(value);
                    return factors;
                }
            }
            """, M("factors", "List<long> Factors(long value)")),

        Ex("protein-translation", """
            public static class Solution
            {
                private static readonly Dictionary<string, string> Codons = new()
                {
                    ["AUG"] = "Methionine", ["UUU"] = "Phenylalanine", ["UUC"] = "Phenylalanine",
                    ["UUA"] = "Leucine", ["UUG"] = "Leucine", ["UCU"] = "Serine", ["UCC"] = "Serine",
                    ["UCA"] = "Serine", ["UCG"] = "Serine", ["UAU"] = "Tyrosine", ["UAC"] = "Tyrosine",
                    ["UGU"] = "Cysteine", ["UGC"] = "Cysteine", ["UGG"] = "Tryptophan",
                    ["UAA"] = "STOP", ["UAG"] = "STOP", ["UGA"] = "STOP",
                };

                public static List<string> Proteins(string strand)
                {
                    var proteins = new List<string>();
                    for (int i = 0; i + 3 <= strand.Length; i += 3)
                    {
                        string protein = Codons[strand.Substring(i, 3)];
                        if (protein == "STOP")
                            break;
                        proteins.Add(protein);
                    }
                    return proteins;
                }
            }
            """, M("proteins", "List<string> Proteins(string strand)")) with { Notes = "Every strand is valid up to its first STOP codon (or its end)." },

        Ex("raindrops", """
            public static class Solution
            {
                public static string Convert(int number)
                {
                    string sound = (number % 3 == 0 ? "Pling" : "") + (number % 5 == 0 ? "Plang" : "") + (number % 7 == 0 ? "Plong" : "");
                    return sound.Length == 0 ? number.ToString() : sound;
                }
            }
            """, M("convert", "string Convert(int number)")),

        Ex("resistor-color", """
            public static class Solution
            {
                private static readonly string[] Bands = ["black", "brown", "red", "orange", "yellow", "green", "blue", "violet", "grey", "white"];

                public static int ColorCode(string color) => Array.IndexOf(Bands, color);

                public static string[] Colors() => (string[])Bands.Clone();
            }
            """, M("colorCode", "int ColorCode(string color)"), M("colors", "string[] Colors()")),

        Ex("resistor-color-duo", """
            public static class Solution
            {
                private static readonly string[] Bands = ["black", "brown", "red", "orange", "yellow", "green", "blue", "violet", "grey", "white"];

                public static int Value(string[] colors) => Array.IndexOf(Bands, colors[0]) * 10 + Array.IndexOf(Bands, colors[1]);
            }
            """, M("value", "int Value(string[] colors)")),

        Ex("resistor-color-trio", """
            public static class Solution
            {
                private static readonly string[] Bands = ["black", "brown", "red", "orange", "yellow", "green", "blue", "violet", "grey", "white"];
                private static readonly string[] Units = ["ohms", "kiloohms", "megaohms", "gigaohms"];

                public static string Label(string[] colors)
                {
                    long value = Array.IndexOf(Bands, colors[0]) * 10 + Array.IndexOf(Bands, colors[1]);
                    for (int i = 0; i < Array.IndexOf(Bands, colors[2]); i++)
                        value *= 10;
                    int unit = 0;
                    while (value >= 1000 && value % 1000 == 0 && unit < Units.Length - 1)
                    {
                        value /= 1000;
                        unit++;
                    }
                    return $"{value} {Units[unit]}";
                }
            }
            """, new MethodMap("label", "string Label(string[] colors)")
            {
                Expected = e => e is JsonObject o ? JsonValue.Create($"{o["value"]} {o["unit"]}") : null,
            }) with { Notes = "Return the value and the unit as one string, for example \"33 ohms\" or \"680 kiloohms\"." },

        Ex("reverse-string", """
            public static class Solution
            {
                public static string Reverse(string value)
                {
                    var elements = new List<string>();
                    var e = System.Globalization.StringInfo.GetTextElementEnumerator(value);
                    while (e.MoveNext())
                        elements.Add(e.GetTextElement());
                    elements.Reverse();
                    return string.Concat(elements);
                }
            }
            """, M("reverse", "string Reverse(string value)")) with { Notes = "Reverse by user-perceived characters (grapheme clusters), not by UTF-16 code units." },

        Ex("rna-transcription", """
            public static class Solution
            {
                public static string ToRna(string dna) =>
                    new string(dna.Select(c => c switch { 'G' => 'C', 'C' => 'G', 'T' => 'A', _ => 'U' }).ToArray());
            }
            """, M("toRna", "string ToRna(string dna)")),

        Ex("roman-numerals", """
            public static class Solution
            {
                private static readonly (int Value, string Symbol)[] Numerals =
                [
                    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
                ];

                public static string Roman(int number)
                {
                    var text = new StringBuilder();
                    foreach (var (value, symbol) in Numerals)
                        for (; number >= value; number -= value)
                            text.Append(symbol);
                    return text.ToString();
                }
            }
            """, M("roman", "string Roman(int number)")),

        Ex("rotational-cipher", """
            public static class Solution
            {
                public static string Rotate(string text, int shiftKey) =>
                    new string(text.Select(c =>
                        char.IsAsciiLetterLower(c) ? (char)('a' + (c - 'a' + shiftKey) % 26)
                        : char.IsAsciiLetterUpper(c) ? (char)('A' + (c - 'A' + shiftKey) % 26)
                        : c).ToArray());
            }
            """, M("rotate", "string Rotate(string text, int shiftKey)")),

        Ex("run-length-encoding", """
            public static class Solution
            {
                public static string Encode(string text)
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

                public static string Decode(string text)
                {
                    var result = new StringBuilder();
                    int count = 0;
                    foreach (char c in text)
                    {
                        if (char.IsAsciiDigit(c))
                            count = count * 10 + (c - '0');
                        else
                        {
                            result.Append(c, Math.Max(1, count));
                            count = 0;
                        }
                    }
                    return result.ToString();
                }
            }
            """, M("encode", "string Encode(string text)"), M("decode", "string Decode(string text)")),

        Ex("scrabble-score", """
            public static class Solution
            {
                public static int Score(string word) => word.ToUpperInvariant().Sum(c => c switch
                {
                    'D' or 'G' => 2,
                    'B' or 'C' or 'M' or 'P' => 3,
                    'F' or 'H' or 'V' or 'W' or 'Y' => 4,
                    'K' => 5,
                    'J' or 'X' => 8,
                    'Q' or 'Z' => 10,
                    _ when char.IsAsciiLetterUpper(c) => 1,
                    _ => 0,
                });
            }
            """, M("score", "int Score(string word)")),

        Ex("secret-handshake", """
            public static class Solution
            {
                public static List<string> Commands(int number)
                {
                    string[] actions = ["wink", "double blink", "close your eyes", "jump"];
                    var result = Enumerable.Range(0, 4).Where(i => (number & (1 << i)) != 0).Select(i => actions[i]).ToList();
                    if ((number & 16) != 0)
                        result.Reverse();
                    return result;
                }
            }
            """, M("commands", "List<string> Commands(int number)")),

        Ex("series", """
            public static class Solution
            {
                public static List<string> Slices(string series, int sliceLength) =>
                    Enumerable.Range(0, series.Length - sliceLength + 1).Select(i => series.Substring(i, sliceLength)).ToList();
            }
            """, M("slices", "List<string> Slices(string series, int sliceLength)")) with { Notes = "The slice length is always between 1 and the length of the series." },

        Ex("sieve", """
            public static class Solution
            {
                public static List<int> Primes(int limit)
                {
                    var composite = new bool[limit + 1];
                    var primes = new List<int>();
                    for (int n = 2; n <= limit; n++)
                    {
                        if (composite[n])
                            continue;
                        primes.Add(n);
                        for (long m = (long)n * n; m <= limit; m += n)
                            composite[m] = true;
                    }
                    return primes;
                }
            }
            """, M("primes", "List<int> Primes(int limit)")),
    ];
}

using System.Text.Json.Nodes;
using static R1Gym.Tasks.Code.Tests.Exercism.Def;

namespace R1Gym.Tasks.Code.Tests.Exercism;

/// <summary>Exercises with collections: words, dice, matrices.</summary>
internal static class ExercisesC
{
    public static IEnumerable<ExerciseDefinition> All =>
    [
        Ex("space-age", """
            public static class Solution
            {
                public static double Age(string planet, long seconds)
                {
                    double ratio = planet switch
                    {
                        "Mercury" => 0.2408467, "Venus" => 0.61519726, "Earth" => 1.0, "Mars" => 1.8808158,
                        "Jupiter" => 11.862615, "Saturn" => 29.447498, "Uranus" => 84.016846, _ => 164.79132,
                    };
                    return Math.Round(seconds / 31557600.0 / ratio, 2);
                }
            }
            """, M("age", "double Age(string planet, long seconds)")) with { Notes = "Round the age to two decimal places; the planet is always one of the eight planets." },

        Ex("square-root", """
            public static class Solution
            {
                public static long SquareRoot(long radicand)
                {
                    long root = 0;
                    while ((root + 1) * (root + 1) <= radicand)
                        root++;
                    return root;
                }
            }
            """, M("squareRoot", "long SquareRoot(long radicand)")),

        Ex("sum-of-multiples", """
            public static class Solution
            {
                public static int Sum(int[] factors, int limit) =>
                    Enumerable.Range(1, Math.Max(0, limit - 1)).Where(n => factors.Any(f => f != 0 && n % f == 0)).Sum();
            }
            """, M("sum", "int Sum(int[] factors, int limit)")),

        Ex("triangle", """
            public static class Solution
            {
                private static bool Valid(double[] s) =>
                    s.All(x => x > 0) && s[0] + s[1] >= s[2] && s[1] + s[2] >= s[0] && s[0] + s[2] >= s[1];

                private static int Distinct(double[] s) => s.Distinct().Count();

                public static bool Equilateral(double[] sides) => Valid(sides) && Distinct(sides) == 1;

                public static bool Isosceles(double[] sides) => Valid(sides) && Distinct(sides) <= 2;

                public static bool Scalene(double[] sides) => Valid(sides) && Distinct(sides) == 3;
            }
            """,
            M("equilateral", "bool Equilateral(double[] sides)"),
            M("isosceles", "bool Isosceles(double[] sides)"),
            M("scalene", "bool Scalene(double[] sides)")),

        Ex("two-fer", """
            public static class Solution
            {
                public static string TwoFer(string name) => $"One for {name ?? "you"}, one for me.";
            }
            """, M("twoFer", "string TwoFer(string name)")) with { Notes = "The name may be null." },

        Ex("word-count", """
            public static class Solution
            {
                public static Dictionary<string, int> CountWords(string sentence)
                {
                    var counts = new Dictionary<string, int>();
                    var words = System.Text.RegularExpressions.Regex.Matches(sentence.ToLowerInvariant(), "[a-z0-9]+('[a-z0-9]+)*");
                    foreach (System.Text.RegularExpressions.Match word in words)
                        counts[word.Value] = counts.GetValueOrDefault(word.Value) + 1;
                    return counts;
                }
            }
            """, M("countWords", "Dictionary<string, int> CountWords(string sentence)")),

        Ex("yacht", """
            public static class Solution
            {
                public static int Score(int[] dice, string category)
                {
                    var counts = dice.GroupBy(d => d).Select(g => (Face: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ToList();
                    var sorted = dice.OrderBy(d => d).ToArray();
                    return category switch
                    {
                        "ones" => dice.Count(d => d == 1),
                        "twos" => 2 * dice.Count(d => d == 2),
                        "threes" => 3 * dice.Count(d => d == 3),
                        "fours" => 4 * dice.Count(d => d == 4),
                        "fives" => 5 * dice.Count(d => d == 5),
                        "sixes" => 6 * dice.Count(d => d == 6),
                        "full house" => counts.Count == 2 && counts[0].Count == 3 ? dice.Sum() : 0,
                        "four of a kind" => counts[0].Count >= 4 ? 4 * counts[0].Face : 0,
                        "little straight" => sorted.SequenceEqual([1, 2, 3, 4, 5]) ? 30 : 0,
                        "big straight" => sorted.SequenceEqual([2, 3, 4, 5, 6]) ? 30 : 0,
                        "choice" => dice.Sum(),
                        "yacht" => counts.Count == 1 ? 50 : 0,
                        _ => 0,
                    };
                }
            }
            """, M("score", "int Score(int[] dice, string category)")),

        Ex("pig-latin", """
            public static class Solution
            {
                private static string Word(string w)
                {
                    if ("aeiou".Contains(w[0]) || w.StartsWith("xr") || w.StartsWith("yt"))
                        return w + "ay";
                    int i = 0;
                    while (i < w.Length)
                    {
                        if ("aeiou".Contains(w[i]) || (w[i] == 'y' && i > 0))
                            break;
                        if (w[i] == 'q' && i + 1 < w.Length && w[i + 1] == 'u')
                        {
                            i += 2;
                            break;
                        }
                        i++;
                    }
                    return w[i..] + w[..i] + "ay";
                }

                public static string Translate(string phrase) => string.Join(" ", phrase.Split(' ').Select(Word));
            }
            """, M("translate", "string Translate(string phrase)")),

        Ex("proverb", """
            public static class Solution
            {
                public static List<string> Recite(string[] strings)
                {
                    var lines = new List<string>();
                    for (int i = 0; i + 1 < strings.Length; i++)
                        lines.Add($"For want of a {strings[i]} the {strings[i + 1]} was lost.");
                    if (strings.Length > 0)
                        lines.Add($"And all for the want of a {strings[0]}.");
                    return lines;
                }
            }
            """, M("recite", "List<string> Recite(string[] strings)")),

        Ex("anagram", """
            public static class Solution
            {
                private static string Key(string w) => new string(w.ToLowerInvariant().OrderBy(c => c).ToArray());

                public static List<string> FindAnagrams(string subject, string[] candidates) =>
                    candidates.Where(c => c.ToLowerInvariant() != subject.ToLowerInvariant() && Key(c) == Key(subject)).ToList();
            }
            """, M("findAnagrams", "List<string> FindAnagrams(string subject, string[] candidates)")) with { Notes = "Keep the anagrams in the order of the candidates." },

        Ex("allergies", """
            public static class Solution
            {
                private static readonly string[] Items = ["eggs", "peanuts", "shellfish", "strawberries", "tomatoes", "chocolate", "pollen", "cats"];

                public static bool AllergicTo(string item, int score) => (score & (1 << Array.IndexOf(Items, item))) != 0;

                public static List<string> List(int score) => Items.Where(i => AllergicTo(i, score)).ToList();
            }
            """, M("allergicTo", "bool AllergicTo(string item, int score)"), M("list", "List<string> List(int score)")),

        Ex("high-scores", """
            public static class Solution
            {
                public static int[] Scores(int[] scores) => scores;

                public static int Latest(int[] scores) => scores[^1];

                public static int PersonalBest(int[] scores) => scores.Max();

                public static int[] PersonalTopThree(int[] scores) => scores.OrderByDescending(s => s).Take(3).ToArray();
            }
            """,
            M("scores", "int[] Scores(int[] scores)"),
            M("latest", "int Latest(int[] scores)"),
            M("personalBest", "int PersonalBest(int[] scores)"),
            M("personalTopThree", "int[] PersonalTopThree(int[] scores)")),

        Ex("knapsack", """
            public static class Solution
            {
                public static int MaximumValue(int maximumWeight, int[][] items)
                {
                    var best = new int[maximumWeight + 1];
                    foreach (var item in items)
                        for (int w = maximumWeight; w >= item[0]; w--)
                            best[w] = Math.Max(best[w], best[w - item[0]] + item[1]);
                    return best[maximumWeight];
                }
            }
            """, M("maximumValue", "int MaximumValue(int maximumWeight, int[][] items)", input =>
            {
                var items = input["items"] as JsonArray ?? [];
                var pairs = items.Select(i => (JsonNode)new JsonArray(Clone(i!["weight"]), Clone(i["value"]))).ToArray();
                return [Clone(input["maximumWeight"]), new JsonArray(pairs)];
            })) with { Notes = "Each item is given as a pair [weight, value]." },

        Ex("spiral-matrix", """
            public static class Solution
            {
                public static int[][] SpiralMatrix(int size)
                {
                    var m = Enumerable.Range(0, size).Select(_ => new int[size]).ToArray();
                    int r = 0, c = 0, dr = 0, dc = 1;
                    for (int n = 1; n <= size * size; n++)
                    {
                        m[r][c] = n;
                        int nr = r + dr, nc = c + dc;
                        if (nr < 0 || nr >= size || nc < 0 || nc >= size || m[nr][nc] != 0)
                        {
                            (dr, dc) = (dc, -dr);
                            (nr, nc) = (r + dr, c + dc);
                        }
                        (r, c) = (nr, nc);
                    }
                    return m;
                }
            }
            """, M("spiralMatrix", "int[][] SpiralMatrix(int size)")),

        Ex("transpose", """
            public static class Solution
            {
                public static List<string> Transpose(string[] lines)
                {
                    int width = lines.Length == 0 ? 0 : lines.Max(l => l.Length);
                    var result = new List<string>();
                    for (int c = 0; c < width; c++)
                    {
                        var column = new StringBuilder();
                        for (int r = 0; r < lines.Length; r++)
                        {
                            if (c < lines[r].Length)
                                column.Append(lines[r][c]);
                            else if (lines.Skip(r + 1).Any(l => l.Length > c))
                                column.Append(' ');
                        }
                        result.Add(column.ToString());
                    }
                    return result;
                }
            }
            """, M("transpose", "List<string> Transpose(string[] lines)")),

        Ex("diamond", """
            public static class Solution
            {
                public static List<string> Rows(string letter)
                {
                    int n = letter[0] - 'A';
                    var top = new List<string>();
                    for (int i = 0; i <= n; i++)
                    {
                        var row = new string(' ', 2 * n + 1).ToCharArray();
                        row[n - i] = row[n + i] = (char)('A' + i);
                        top.Add(new string(row));
                    }
                    return top.Concat(top.Take(n).Reverse()).ToList();
                }
            }
            """, M("rows", "List<string> Rows(string letter)")) with { Notes = "The letter is a single upper-case letter." },
    ];
}

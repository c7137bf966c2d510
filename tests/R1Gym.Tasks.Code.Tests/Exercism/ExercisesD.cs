using System.Text.Json.Nodes;
using static R1Gym.Tasks.Code.Tests.Exercism.Def;

namespace R1Gym.Tasks.Code.Tests.Exercism;

/// <summary>Exercises with small algorithms: bases, ciphers, search.</summary>
internal static class ExercisesD
{
    public static IEnumerable<ExerciseDefinition> All =>
    [
        Ex("change", """
            public static class Solution
            {
                public static List<int> FindFewestCoins(int[] coins, int target)
                {
                    var best = new List<int>[target + 1];
                    best[0] = [];
                    for (int amount = 1; amount <= target; amount++)
                        foreach (int coin in coins)
                            if (coin <= amount && best[amount - coin] is { } rest && (best[amount] is null || rest.Count + 1 < best[amount].Count))
                                best[amount] = rest.Append(coin).OrderBy(c => c).ToList();
                    return best[target];
                }
            }
            """, M("findFewestCoins", "List<int> FindFewestCoins(int[] coins, int target)"))
            with { Notes = "The target can always be made; return the coins in ascending order." },

        Ex("all-your-base", """
            public static class Solution
            {
                public static List<int> Rebase(int inputBase, int[] digits, int outputBase)
                {
                    long value = digits.Aggregate(0L, (v, d) => v * inputBase + d);
                    var result = new List<int>();
                    do
                    {
                        result.Insert(0, (int)(value % outputBase));
                        value /= outputBase;
                    }
                    while (value > 0);
                    return result;
                }
            }
            """, M("rebase", "List<int> Rebase(int inputBase, int[] digits, int outputBase)"))
            with { Notes = "Inputs are always valid (bases of at least 2, digits within the base); zero is written as [0]." },

        Ex("say", """
            public static class Solution
            {
                private static readonly string[] Small =
                [
                    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                ];
                private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

                private static string Hundreds(long n)
                {
                    var parts = new List<string>();
                    if (n >= 100)
                        parts.Add(Small[n / 100] + " hundred");
                    n %= 100;
                    if (n >= 20)
                        parts.Add(Tens[n / 10] + (n % 10 > 0 ? "-" + Small[n % 10] : ""));
                    else if (n > 0)
                        parts.Add(Small[n]);
                    return string.Join(" ", parts);
                }

                public static string Say(long number)
                {
                    if (number == 0)
                        return "zero";
                    var parts = new List<string>();
                    foreach (var (scale, name) in new[] { (1_000_000_000L, " billion"), (1_000_000L, " million"), (1_000L, " thousand"), (1L, "") })
                    {
                        long chunk = number / scale % 1000;
                        if (chunk > 0)
                            parts.Add(Hundreds(chunk) + name);
                    }
                    return string.Join(" ", parts);
                }
            }
            """, M("say", "string Say(long number)")) with { Notes = "The number is between 0 and 999,999,999,999." },

        Ex("affine-cipher", """
            public static class Solution
            {
                private static string Map(string text, Func<int, int> letter) =>
                    new string(text.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)
                        .Select(c => char.IsAsciiDigit(c) ? c : (char)('a' + letter(c - 'a'))).ToArray());

                public static string Encode(string phrase, int a, int b)
                {
                    string mapped = Map(phrase, x => (a * x + b) % 26);
                    return string.Join(" ", Enumerable.Range(0, (mapped.Length + 4) / 5).Select(i => mapped.Substring(i * 5, Math.Min(5, mapped.Length - i * 5))));
                }

                public static string Decode(string phrase, int a, int b)
                {
                    int inverse = Enumerable.Range(1, 25).First(i => a * i % 26 == 1);
                    return Map(phrase, y => ((inverse * (y - b)) % 26 + 26) % 26);
                }
            }
            """,
            M("encode", "string Encode(string phrase, int a, int b)", KeyArgs),
            M("decode", "string Decode(string phrase, int a, int b)", KeyArgs))
            with { Notes = "The key (a, b) is passed as two arguments; a is always coprime with 26." },

        Ex("rail-fence-cipher", """
            public static class Solution
            {
                private static int[] Order(int length, int rails)
                {
                    int cycle = Math.Max(1, 2 * (rails - 1));
                    return Enumerable.Range(0, length)
                        .OrderBy(i => Math.Min(i % cycle, cycle - i % cycle)).ThenBy(i => i).ToArray();
                }

                public static string Encode(string msg, int rails) => new string(Order(msg.Length, rails).Select(i => msg[i]).ToArray());

                public static string Decode(string msg, int rails)
                {
                    var result = new char[msg.Length];
                    var order = Order(msg.Length, rails);
                    for (int k = 0; k < order.Length; k++)
                        result[order[k]] = msg[k];
                    return new string(result);
                }
            }
            """, M("encode", "string Encode(string msg, int rails)"), M("decode", "string Decode(string msg, int rails)")),

        Ex("flower-field", """
            public static class Solution
            {
                public static List<string> Annotate(string[] garden)
                {
                    var result = new List<string>();
                    for (int r = 0; r < garden.Length; r++)
                    {
                        var row = garden[r].ToCharArray();
                        for (int c = 0; c < row.Length; c++)
                        {
                            if (row[c] == '*')
                                continue;
                            int count = 0;
                            for (int dr = -1; dr <= 1; dr++)
                                for (int dc = -1; dc <= 1; dc++)
                                {
                                    int rr = r + dr, cc = c + dc;
                                    if (rr >= 0 && rr < garden.Length && cc >= 0 && cc < garden[rr].Length && garden[rr][cc] == '*')
                                        count++;
                                }
                            row[c] = count == 0 ? ' ' : (char)('0' + count);
                        }
                        result.Add(new string(row));
                    }
                    return result;
                }
            }
            """, M("annotate", "List<string> Annotate(string[] garden)")),

        Ex("matrix", """
            public static class Solution
            {
                private static int[][] Parse(string matrix) =>
                    matrix.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()).ToArray();

                public static int[] Row(string matrix, int index) => Parse(matrix)[index - 1];

                public static int[] Column(string matrix, int index) => Parse(matrix).Select(r => r[index - 1]).ToArray();
            }
            """, M("row", "int[] Row(string matrix, int index)"), M("column", "int[] Column(string matrix, int index)"))
            with { Notes = "Rows and columns are numbered from 1." },

        Ex("kindergarten-garden", """
            public static class Solution
            {
                private static readonly string[] Students =
                    ["Alice", "Bob", "Charlie", "David", "Eve", "Fred", "Ginny", "Harriet", "Ileana", "Joseph", "Kincaid", "Larry"];

                public static List<string> Plants(string diagram, string student)
                {
                    int i = Array.IndexOf(Students, student);
                    return diagram.Split('\n').SelectMany(row => new[] { row[2 * i], row[2 * i + 1] })
                        .Select(c => c switch { 'V' => "violets", 'R' => "radishes", 'C' => "clover", _ => "grass" }).ToList();
                }
            }
            """, M("plants", "List<string> Plants(string diagram, string student)")),

        Ex("micro-blog", """
            public static class Solution
            {
                public static string Truncate(string phrase) => string.Concat(phrase.EnumerateRunes().Take(5));
            }
            """, M("truncate", "string Truncate(string phrase)")) with { Notes = "Count characters as Unicode code points." },

        Ex("variable-length-quantity", """
            public static class Solution
            {
                public static List<long> Encode(long[] integers)
                {
                    var bytes = new List<long>();
                    foreach (long value in integers)
                    {
                        var chunk = new List<long> { value & 0x7F };
                        for (long v = value >> 7; v > 0; v >>= 7)
                            chunk.Insert(0, (v & 0x7F) | 0x80);
                        bytes.AddRange(chunk);
                    }
                    return bytes;
                }

                public static List<long> Decode(long[] integers)
                {
                    var values = new List<long>();
                    long current = 0;
                    foreach (long b in integers)
                    {
                        current = (current << 7) | (b & 0x7F);
                        if ((b & 0x80) == 0)
                        {
                            values.Add(current);
                            current = 0;
                        }
                    }
                    return values;
                }
            }
            """, M("encode", "List<long> Encode(long[] integers)"), M("decode", "List<long> Decode(long[] integers)"))
            with { Notes = "Values are unsigned 32-bit integers passed as long; every byte sequence to decode is complete." },

        Ex("pythagorean-triplet", """
            public static class Solution
            {
                public static List<int[]> TripletsWithSum(int n)
                {
                    var triplets = new List<int[]>();
                    for (long a = 1; a < n / 3; a++)
                    {
                        long numerator = (long)n * n - 2L * n * a, denominator = 2L * (n - a);
                        if (numerator % denominator != 0)
                            continue;
                        long b = numerator / denominator;
                        if (b > a)
                            triplets.Add([(int)a, (int)b, (int)(n - a - b)]);
                    }
                    return triplets;
                }
            }
            """, M("tripletsWithSum", "List<int[]> TripletsWithSum(int n)")) with { Notes = "Return each triplet as [a, b, c] with a < b < c, ordered by a." },

        Ex("book-store", """
            public static class Solution
            {
                public static int Total(int[] basket)
                {
                    int[] price = [0, 800, 1520, 2160, 2560, 3000];
                    var counts = basket.GroupBy(b => b).Select(g => g.Count()).ToList();
                    var groups = new int[6];
                    while (counts.Any(c => c > 0))
                    {
                        groups[counts.Count(c => c > 0)]++;
                        counts = counts.Select(c => Math.Max(0, c - 1)).ToList();
                    }
                    int swaps = Math.Min(groups[5], groups[3]);
                    groups[5] -= swaps;
                    groups[3] -= swaps;
                    groups[4] += 2 * swaps;
                    return Enumerable.Range(1, 5).Sum(size => groups[size] * price[size]);
                }
            }
            """, M("total", "int Total(int[] basket)")) with { Notes = "Return the price in cents." },

        Ex("dominoes", """
            public static class Solution
            {
                private static bool Chain(List<int[]> left, int first, int end)
                {
                    if (left.Count == 0)
                        return first == end;
                    for (int i = 0; i < left.Count; i++)
                    {
                        var d = left[i];
                        if (d[0] != end && d[1] != end)
                            continue;
                        var rest = left.Where((_, j) => j != i).ToList();
                        if ((d[0] == end && Chain(rest, first, d[1])) || (d[1] == end && Chain(rest, first, d[0])))
                            return true;
                    }
                    return false;
                }

                public static bool CanChain(int[][] dominoes) =>
                    dominoes.Length == 0 || Chain(dominoes.Skip(1).ToList(), dominoes[0][0], dominoes[0][1]);
            }
            """, M("canChain", "bool CanChain(int[][] dominoes)")),

        Ex("sublist", """
            public static class Solution
            {
                private static bool Contains(int[] big, int[] small) =>
                    small.Length == 0 || Enumerable.Range(0, big.Length - small.Length + 1).Any(i => big.Skip(i).Take(small.Length).SequenceEqual(small));

                public static string Sublist(int[] listOne, int[] listTwo) =>
                    listOne.SequenceEqual(listTwo) ? "equal"
                    : listOne.Length < listTwo.Length && Contains(listTwo, listOne) ? "sublist"
                    : listOne.Length > listTwo.Length && Contains(listOne, listTwo) ? "superlist"
                    : "unequal";
            }
            """, M("sublist", "string Sublist(int[] listOne, int[] listTwo)")) with { Notes = "Return \"equal\", \"sublist\", \"superlist\" or \"unequal\"." },
    ];

    private static JsonArray KeyArgs(JsonObject input) => [Clone(input["phrase"]), Clone(input["key"]?["a"]), Clone(input["key"]?["b"])];
}

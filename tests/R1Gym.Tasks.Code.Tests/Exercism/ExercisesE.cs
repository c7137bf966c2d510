using System.Text.Json.Nodes;
using static R1Gym.Tasks.Code.Tests.Exercism.Def;

namespace R1Gym.Tasks.Code.Tests.Exercism;

/// <summary>Exercises with boards, parsing and dates.</summary>
internal static class ExercisesE
{
    public static IEnumerable<ExerciseDefinition> All =>
    [
        Ex("tournament", """
            public static class Solution
            {
                public static List<string> Tally(string[] rows)
                {
                    var table = new Dictionary<string, int[]>();
                    int[] Team(string name) => table.TryGetValue(name, out var t) ? t : table[name] = new int[4];
                    foreach (var row in rows)
                    {
                        var p = row.Split(';');
                        var (home, away) = (Team(p[0]), Team(p[1]));
                        int outcome = p[2] == "win" ? 0 : p[2] == "draw" ? 1 : 2;
                        home[outcome]++;
                        away[2 - outcome]++;
                    }
                    var lines = new List<string> { $"{"Team",-30} | MP |  W |  D |  L |  P" };
                    foreach (var (name, t) in table.OrderByDescending(kv => kv.Value[0] * 3 + kv.Value[1]).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)))
                        lines.Add($"{name,-30} | {t.Sum(),2} | {t[0],2} | {t[1],2} | {t[2],2} | {t[0] * 3 + t[1],2}");
                    return lines;
                }
            }
            """, M("tally", "List<string> Tally(string[] rows)")) with { Notes = "Every row is a valid \"home;away;win|draw|loss\" result." },

        Ex("killer-sudoku-helper", """
            public static class Solution
            {
                public static List<int[]> Combinations(int sum, int size, int[] exclude)
                {
                    var result = new List<int[]>();
                    for (int mask = 1; mask < 1 << 9; mask++)
                    {
                        var digits = Enumerable.Range(1, 9).Where(d => (mask & (1 << (d - 1))) != 0).ToArray();
                        if (digits.Length == size && digits.Sum() == sum && !digits.Any(exclude.Contains))
                            result.Add(digits);
                    }
                    return result.OrderBy(d => string.Join(",", d.Select(x => x.ToString()))).ToList();
                }
            }
            """, M("combinations", "List<int[]> Combinations(int sum, int size, int[] exclude)", input =>
            {
                var cage = input["cage"]!;
                return [Clone(cage["sum"]), Clone(cage["size"]), Clone(cage["exclude"])];
            })) with { Notes = "The cage (sum, size, exclude) is passed as three arguments; return the combinations in lexicographic order, each ascending." },

        Ex("rectangles", """
            public static class Solution
            {
                public static int Rectangles(string[] strings)
                {
                    char At(int r, int c) => c < strings[r].Length ? strings[r][c] : ' ';
                    int count = 0, width = strings.Length == 0 ? 0 : strings.Max(s => s.Length);
                    for (int r1 = 0; r1 < strings.Length; r1++)
                        for (int c1 = 0; c1 < width; c1++)
                            for (int r2 = r1 + 1; r2 < strings.Length; r2++)
                                for (int c2 = c1 + 1; c2 < width; c2++)
                                {
                                    if (At(r1, c1) != '+' || At(r1, c2) != '+' || At(r2, c1) != '+' || At(r2, c2) != '+')
                                        continue;
                                    bool sides = Enumerable.Range(c1, c2 - c1 + 1).All(c => "+-".Contains(At(r1, c)) && "+-".Contains(At(r2, c)))
                                        && Enumerable.Range(r1, r2 - r1 + 1).All(r => "+|".Contains(At(r, c1)) && "+|".Contains(At(r, c2)));
                                    if (sides)
                                        count++;
                                }
                    return count;
                }
            }
            """, M("rectangles", "int Rectangles(string[] strings)")),

        Ex("game-of-life", """
            public static class Solution
            {
                public static int[][] Tick(int[][] matrix)
                {
                    int rows = matrix.Length;
                    var next = new int[rows][];
                    for (int r = 0; r < rows; r++)
                    {
                        next[r] = new int[matrix[r].Length];
                        for (int c = 0; c < matrix[r].Length; c++)
                        {
                            int live = 0;
                            for (int dr = -1; dr <= 1; dr++)
                                for (int dc = -1; dc <= 1; dc++)
                                    if ((dr != 0 || dc != 0) && r + dr >= 0 && r + dr < rows && c + dc >= 0 && c + dc < matrix[r + dr].Length)
                                        live += matrix[r + dr][c + dc];
                            next[r][c] = live == 3 || (live == 2 && matrix[r][c] == 1) ? 1 : 0;
                        }
                    }
                    return next;
                }
            }
            """, M("tick", "int[][] Tick(int[][] matrix)")),

        Ex("connect", """
            public static class Solution
            {
                public static string Winner(string[] board)
                {
                    var cells = board.Select(r => r.Trim().Split(' ')).ToArray();
                    int rows = cells.Length, cols = cells[0].Length;
                    bool Wins(string player, bool byColumns)
                    {
                        var seen = new HashSet<(int, int)>();
                        var stack = new Stack<(int R, int C)>();
                        for (int i = 0; i < (byColumns ? rows : cols); i++)
                        {
                            var start = byColumns ? (i, 0) : (0, i);
                            if (cells[start.Item1][start.Item2] == player && seen.Add(start))
                                stack.Push(start);
                        }
                        while (stack.Count > 0)
                        {
                            var (r, c) = stack.Pop();
                            if (byColumns ? c == cols - 1 : r == rows - 1)
                                return true;
                            foreach (var (dr, dc) in new[] { (0, 1), (0, -1), (-1, 0), (-1, 1), (1, 0), (1, -1) })
                            {
                                int nr = r + dr, nc = c + dc;
                                if (nr >= 0 && nr < rows && nc >= 0 && nc < cols && cells[nr][nc] == player && seen.Add((nr, nc)))
                                    stack.Push((nr, nc));
                            }
                        }
                        return false;
                    }
                    return Wins("X", true) ? "X" : Wins("O", false) ? "O" : "";
                }
            }
            """, M("winner", "string Winner(string[] board)"))
            with { Notes = "X connects the left and right sides, O the top and bottom; return \"X\", \"O\" or \"\" when nobody has won." },

        Ex("state-of-tic-tac-toe", """
            public static class Solution
            {
                public static string Gamestate(string[] board)
                {
                    int[][] lines = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]];
                    string cells = string.Concat(board);
                    if (lines.Any(l => cells[l[0]] != ' ' && cells[l[0]] == cells[l[1]] && cells[l[1]] == cells[l[2]]))
                        return "win";
                    return cells.Contains(' ') ? "ongoing" : "draw";
                }
            }
            """, M("gamestate", "string Gamestate(string[] board)"))
            with { Notes = "Boards are always reachable in a legal game; return \"win\", \"draw\" or \"ongoing\"." },

        Ex("ocr-numbers", """
            public static class Solution
            {
                private static readonly string[] Digits =
                [
                    " _ | ||_|   ", "     |  |   ", " _  _||_    ", " _  _| _|   ", "   |_|  |   ",
                    " _ |_  _|   ", " _ |_ |_|   ", " _   |  |   ", " _ |_||_|   ", " _ |_| _|   ",
                ];

                public static string Convert(string[] rows)
                {
                    var lines = new List<string>();
                    for (int top = 0; top < rows.Length; top += 4)
                    {
                        var line = new StringBuilder();
                        for (int left = 0; left < rows[top].Length; left += 3)
                        {
                            string glyph = string.Concat(Enumerable.Range(top, 4).Select(r => rows[r].Substring(left, 3)));
                            int digit = Array.IndexOf(Digits, glyph);
                            line.Append(digit < 0 ? '?' : (char)('0' + digit));
                        }
                        lines.Add(line.ToString());
                    }
                    return string.Join(",", lines);
                }
            }
            """, M("convert", "string Convert(string[] rows)"))
            with { Notes = "The input is always a whole number of 3x4 cells; unreadable digits become '?', and lines of digits are joined with ','." },

        Ex("wordy", """
            public static class Solution
            {
                public static int Answer(string question)
                {
                    var words = question.Substring(8, question.Length - 9).Replace("multiplied by", "multiplied").Replace("divided by", "divided").Split(' ');
                    int value = int.Parse(words[0]);
                    for (int i = 1; i + 1 < words.Length; i += 2)
                    {
                        int operand = int.Parse(words[i + 1]);
                        value = words[i] switch
                        {
                            "plus" => value + operand,
                            "minus" => value - operand,
                            "multiplied" => value * operand,
                            _ => value / operand,
                        };
                    }
                    return value;
                }
            }
            """, M("answer", "int Answer(string question)"))
            with { Notes = "Questions are always well formed (\"What is 5 plus 3?\"); evaluate left to right." },

        Ex("nucleotide-count", """
            public static class Solution
            {
                public static Dictionary<string, int> NucleotideCounts(string strand) =>
                    "ACGT".ToDictionary(n => n.ToString(), n => strand.Count(c => c == n));
            }
            """, M("nucleotideCounts", "Dictionary<string, int> NucleotideCounts(string strand)"))
            with { Notes = "The strand only contains A, C, G and T." },

        Ex("phone-number", """
            public static class Solution
            {
                public static string Clean(string phrase)
                {
                    string digits = new string(phrase.Where(char.IsAsciiDigit).ToArray());
                    return digits.Length == 11 ? digits[1..] : digits;
                }
            }
            """, M("clean", "string Clean(string phrase)"))
            with { Notes = "Every number is a valid NANP number, possibly with punctuation and a leading country code 1." },

        Ex("meetup", """
            public static class Solution
            {
                public static string Meetup(int year, int month, string week, string dayofweek)
                {
                    var day = Enum.Parse<DayOfWeek>(dayofweek);
                    var days = Enumerable.Range(1, DateTime.DaysInMonth(year, month))
                        .Select(d => new DateTime(year, month, d)).Where(d => d.DayOfWeek == day).ToList();
                    var date = week switch
                    {
                        "first" => days[0], "second" => days[1], "third" => days[2], "fourth" => days[3],
                        "last" => days[^1], _ => days.First(d => d.Day >= 13),
                    };
                    return $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2}";
                }
            }
            """, M("meetup", "string Meetup(int year, int month, string week, string dayofweek)"))
            with { Notes = "Return the date as yyyy-MM-dd." },

        Ex("gigasecond", """
            public static class Solution
            {
                public static string Add(string moment)
                {
                    var start = DateTime.Parse(moment, System.Globalization.CultureInfo.InvariantCulture);
                    return start.AddSeconds(1_000_000_000).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            """, M("add", "string Add(string moment)"))
            with { Notes = "The moment is an ISO 8601 date or date-time without a time zone; return yyyy-MM-ddTHH:mm:ss." },

        Ex("clock", """
            public static class Solution
            {
                private static string Format(long minutes)
                {
                    long m = ((minutes % 1440) + 1440) % 1440;
                    return $"{m / 60:D2}:{m % 60:D2}";
                }

                public static string Create(int hour, int minute) => Format(hour * 60L + minute);

                public static string Add(int hour, int minute, int value) => Format(hour * 60L + minute + value);

                public static string Subtract(int hour, int minute, int value) => Format(hour * 60L + minute - value);
            }
            """,
            M("create", "string Create(int hour, int minute)"),
            M("add", "string Add(int hour, int minute, int value)"),
            M("subtract", "string Subtract(int hour, int minute, int value)"))
            with { Notes = "Return the time as HH:mm on a 24-hour clock; hours and minutes may be negative or roll over." },

        Ex("binary-search", """
            public static class Solution
            {
                public static int Find(int[] array, int value)
                {
                    int low = 0, high = array.Length - 1;
                    while (low <= high)
                    {
                        int mid = low + (high - low) / 2;
                        if (array[mid] == value)
                            return mid;
                        if (array[mid] < value)
                            low = mid + 1;
                        else
                            high = mid - 1;
                    }
                    return -1;
                }
            }
            """, M("find", "int Find(int[] array, int value)")) with { Notes = "The value is always present in the sorted array." },

        Ex("etl", """
            public static class Solution
            {
                public static Dictionary<string, int> Transform(Dictionary<string, string[]> legacy) =>
                    legacy.SelectMany(kv => kv.Value.Select(letter => (Letter: letter.ToLowerInvariant(), Score: int.Parse(kv.Key))))
                        .ToDictionary(p => p.Letter, p => p.Score);
            }
            """, M("transform", "Dictionary<string, int> Transform(Dictionary<string, string[]> legacy)")),
    ];
}

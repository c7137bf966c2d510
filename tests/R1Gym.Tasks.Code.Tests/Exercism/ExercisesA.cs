using static R1Gym.Tasks.Code.Tests.Exercism.Def;

namespace R1Gym.Tasks.Code.Tests.Exercism;

/// <summary>Exercises a..l: string and number basics.</summary>
internal static class ExercisesA
{
    public static IEnumerable<ExerciseDefinition> All =>
    [
        Ex("acronym", """
            public static class Solution
            {
                public static string Abbreviate(string phrase)
                {
                    var words = phrase.Replace('-', ' ').Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var letters = words.Select(w => w.FirstOrDefault(char.IsLetter)).Where(c => c != default);
                    return new string(letters.Select(char.ToUpperInvariant).ToArray());
                }
            }
            """, M("abbreviate", "string Abbreviate(string phrase)")),

        Ex("armstrong-numbers", """
            public static class Solution
            {
                public static bool IsArmstrongNumber(long number)
                {
                    string digits = number.ToString();
                    long sum = 0;
                    foreach (char c in digits)
                    {
                        long power = 1;
                        for (int i = 0; i < digits.Length; i++)
                            power *= c - '0';
                        sum += power;
                    }
                    return sum == number;
                }
            }
            """, M("isArmstrongNumber", "bool IsArmstrongNumber(long number)",
                input => input["number"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out long _) ? Values(input) : null)),

        Ex("atbash-cipher", """
            public static class Solution
            {
                private static string Map(string text) =>
                    new string(text.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)
                        .Select(c => char.IsAsciiLetter(c) ? (char)('z' - (c - 'a')) : c).ToArray());

                public static string Encode(string phrase)
                {
                    string mapped = Map(phrase);
                    var groups = Enumerable.Range(0, (mapped.Length + 4) / 5).Select(i => mapped.Substring(i * 5, Math.Min(5, mapped.Length - i * 5)));
                    return string.Join(" ", groups);
                }

                public static string Decode(string phrase) => Map(phrase);
            }
            """, M("encode", "string Encode(string phrase)"), M("decode", "string Decode(string phrase)")),

        Ex("bob", """
            public static class Solution
            {
                public static string Response(string heyBob)
                {
                    string said = heyBob.Trim();
                    if (said.Length == 0)
                        return "Fine. Be that way!";
                    bool yelling = said.Any(char.IsLetter) && said.ToUpperInvariant() == said;
                    bool question = said.EndsWith('?');
                    if (yelling && question)
                        return "Calm down, I know what I'm doing!";
                    if (yelling)
                        return "Whoa, chill out!";
                    return question ? "Sure." : "Whatever.";
                }
            }
            """, M("response", "string Response(string heyBob)")),

        Ex("collatz-conjecture", """
            public static class Solution
            {
                public static int Steps(int number)
                {
                    long n = number;
                    int steps = 0;
                    while (n != 1)
                    {
                        n = n % 2 == 0 ? n / 2 : 3 * n + 1;
                        steps++;
                    }
                    return steps;
                }
            }
            """, M("steps", "int Steps(int number)")) with { Notes = "The number is always positive." },

        Ex("crypto-square", """
            public static class Solution
            {
                public static string Ciphertext(string plaintext)
                {
                    string text = new string(plaintext.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
                    if (text.Length == 0)
                        return "";
                    int columns = (int)Math.Ceiling(Math.Sqrt(text.Length));
                    int rows = (text.Length + columns - 1) / columns;
                    text = text.PadRight(rows * columns);
                    var chunks = Enumerable.Range(0, columns)
                        .Select(c => new string(Enumerable.Range(0, rows).Select(r => text[r * columns + c]).ToArray()));
                    return string.Join(" ", chunks);
                }
            }
            """, M("ciphertext", "string Ciphertext(string plaintext)")),

        Ex("darts", """
            public static class Solution
            {
                public static int Score(double x, double y)
                {
                    double distance = Math.Sqrt(x * x + y * y);
                    return distance <= 1 ? 10 : distance <= 5 ? 5 : distance <= 10 ? 1 : 0;
                }
            }
            """, M("score", "int Score(double x, double y)")),

        Ex("difference-of-squares", """
            public static class Solution
            {
                public static int SquareOfSum(int number)
                {
                    int sum = number * (number + 1) / 2;
                    return sum * sum;
                }

                public static int SumOfSquares(int number) => number * (number + 1) * (2 * number + 1) / 6;

                public static int DifferenceOfSquares(int number) => SquareOfSum(number) - SumOfSquares(number);
            }
            """,
            M("squareOfSum", "int SquareOfSum(int number)"),
            M("sumOfSquares", "int SumOfSquares(int number)"),
            M("differenceOfSquares", "int DifferenceOfSquares(int number)")),

        Ex("eliuds-eggs", """
            public static class Solution
            {
                public static int EggCount(long number)
                {
                    int count = 0;
                    for (; number > 0; number >>= 1)
                        count += (int)(number & 1);
                    return count;
                }
            }
            """, M("eggCount", "int EggCount(long number)")),

        Ex("grains", """
            public static class Solution
            {
                public static ulong Square(int square) => 1UL << (square - 1);

                public static ulong Total() => ulong.MaxValue;
            }
            """, M("square", "ulong Square(int square)"), M("total", "ulong Total()")) with { Notes = "Square is only called with 1 to 64." },

        Ex("hamming", """
            public static class Solution
            {
                public static int Distance(string strand1, string strand2) =>
                    strand1.Zip(strand2).Count(p => p.First != p.Second);
            }
            """, M("distance", "int Distance(string strand1, string strand2)")) with { Notes = "The two strands always have the same length." },

        Ex("hello-world", """
            public static class Solution
            {
                public static string Hello() => "Hello, World!";
            }
            """, M("hello", "string Hello()")),

        Ex("isbn-verifier", """
            public static class Solution
            {
                public static bool IsValid(string isbn)
                {
                    string s = isbn.Replace("-", "");
                    if (s.Length != 10)
                        return false;
                    int sum = 0;
                    for (int i = 0; i < 10; i++)
                    {
                        int digit;
                        if (char.IsAsciiDigit(s[i]))
                            digit = s[i] - '0';
                        else if (i == 9 && s[i] == 'X')
                            digit = 10;
                        else
                            return false;
                        sum += digit * (10 - i);
                    }
                    return sum % 11 == 0;
                }
            }
            """, M("isValid", "bool IsValid(string isbn)")),

        Ex("isogram", """
            public static class Solution
            {
                public static bool IsIsogram(string phrase)
                {
                    var letters = phrase.ToLowerInvariant().Where(char.IsLetter).ToList();
                    return letters.Distinct().Count() == letters.Count;
                }
            }
            """, M("isIsogram", "bool IsIsogram(string phrase)")),

        Ex("largest-series-product", """
            public static class Solution
            {
                public static long LargestProduct(string digits, int span)
                {
                    long best = 0;
                    for (int start = 0; start + span <= digits.Length; start++)
                    {
                        long product = 1;
                        for (int i = start; i < start + span; i++)
                            product *= digits[i] - '0';
                        best = Math.Max(best, product);
                    }
                    return best;
                }
            }
            """, M("largestProduct", "long LargestProduct(string digits, int span)")) with { Notes = "The span is always between 1 and the number of digits, and the digits are all 0-9." },

        Ex("leap", """
            public static class Solution
            {
                public static bool LeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            }
            """, M("leapYear", "bool LeapYear(int year)")),

        Ex("luhn", """
            public static class Solution
            {
                public static bool Valid(string value)
                {
                    string s = value.Replace(" ", "");
                    if (s.Length <= 1 || !s.All(char.IsAsciiDigit))
                        return false;
                    int sum = 0;
                    for (int i = 0; i < s.Length; i++)
                    {
                        int d = s[s.Length - 1 - i] - '0';
                        if (i % 2 == 1)
                            d = d * 2 > 9 ? d * 2 - 9 : d * 2;
                        sum += d;
                    }
                    return sum % 10 == 0;
                }
            }
            """, M("valid", "bool Valid(string value)")),

        Ex("matching-brackets", """
            public static class Solution
            {
                public static bool IsPaired(string value)
                {
                    var open = new Stack<char>();
                    foreach (char c in value)
                    {
                        if (c is '(' or '[' or '{')
                            open.Push(c);
                        else if (c is ')' or ']' or '}')
                        {
                            char want = c == ')' ? '(' : c == ']' ? '[' : '{';
                            if (open.Count == 0 || open.Pop() != want)
                                return false;
                        }
                    }
                    return open.Count == 0;
                }
            }
            """, M("isPaired", "bool IsPaired(string value)")),

        Ex("nth-prime", """
            public static class Solution
            {
                public static int Prime(int number)
                {
                    int found = 0;
                    for (int candidate = 2; ; candidate++)
                    {
                        bool prime = true;
                        for (int d = 2; d * d <= candidate; d++)
                            if (candidate % d == 0) { prime = false; break; }
                        if (prime && ++found == number)
                            return candidate;
                    }
                }
            }
            """, M("prime", "int Prime(int number)")) with { Notes = "The number is always at least 1." },

        Ex("pangram", """
            public static class Solution
            {
                public static bool IsPangram(string sentence) =>
                    sentence.ToLowerInvariant().Where(char.IsAsciiLetterLower).Distinct().Count() == 26;
            }
            """, M("isPangram", "bool IsPangram(string sentence)")),
    ];
}

using System.Globalization;

namespace R1Gym.Tasks.Math.Checking;

/// <summary>
/// A parsed arithmetic expression in LaTeX-ish notation: numbers, + - * / ^ !, implicit products (<c>2\sqrt{3}</c>,
/// <c>3\pi</c>, <c>2x</c>), <c>\frac</c>, <c>\sqrt</c> (with index), <c>\pi</c>, <c>\infty</c>, the functions of
/// <see cref="MathFunctions"/> (powers such as <c>\tan^2x</c> included), sums and products with numeric bounds, and
/// single-letter or Greek variables. Evaluated in doubles; variables are sampled so equal expressions compare equal.
/// </summary>
internal sealed partial class MathExpression
{
    private const int MaxDepth = 64;
    private const int MaxSeriesTerms = 10_000;
    private static readonly string[] Greek =
        ["alpha", "beta", "gamma", "delta", "theta", "lambda", "mu", "phi", "omega", "sigma", "tau", "rho", "varphi", "epsilon"];

    private readonly Func<IReadOnlyDictionary<string, double>, double> _evaluate;

    private MathExpression(Func<IReadOnlyDictionary<string, double>, double> evaluate, IReadOnlySet<string> variables)
    {
        _evaluate = evaluate;
        Variables = variables;
    }

    public IReadOnlySet<string> Variables { get; }

    public double Evaluate(IReadOnlyDictionary<string, double> values) => _evaluate(values);

    /// <summary>Parses <paramref name="text"/> (whitespace already removed), or returns null when it is not an expression.</summary>
    public static MathExpression? TryParse(string text)
    {
        var parser = new Parser(text);
        try
        {
            var evaluate = parser.Expression();
            return parser.AtEnd ? new MathExpression(evaluate, parser.Variables) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed partial class Parser(string text)
    {
        // Both parts of this partial class (MathExpression.Functions.cs) read the text through this field.
        private readonly string _text = text;
        private int _position;
        private int _depth;

        public HashSet<string> Variables { get; } = new(StringComparer.Ordinal);

        public bool AtEnd => _position >= _text.Length;

        private char Peek => _position < _text.Length ? _text[_position] : '\0';

        public Func<IReadOnlyDictionary<string, double>, double> Expression()
        {
            Enter();
            var left = Term();
            while (Peek is '+' or '-')
            {
                char op = _text[_position++];
                var right = Term();
                var l = left;
                left = op == '+' ? v => l(v) + right(v) : v => l(v) - right(v);
            }
            _depth--;
            return left;
        }

        private Func<IReadOnlyDictionary<string, double>, double> Term()
        {
            var left = Unary();
            while (true)
            {
                char op = Peek;
                if (op is '*' or '/')
                    _position++;
                else if (!StartsFactor(op))
                    return left;
                var right = Unary();
                var l = left;
                left = op == '/' ? v => l(v) / right(v) : v => l(v) * right(v);
            }
        }

        private bool StartsFactor(char c) =>
            char.IsAsciiDigit(c) || char.IsAsciiLetter(c) || c is '(' or '{' or '.'
            || c == '\\' && !Upcoming("\\cup") && !Upcoming("\\}") && !Upcoming("\\\\");

        private Func<IReadOnlyDictionary<string, double>, double> Unary()
        {
            if (Peek == '-')
            {
                _position++;
                var inner = Unary();
                return v => -inner(v);
            }
            if (Peek == '+')
                _position++;
            return Power();
        }

        private Func<IReadOnlyDictionary<string, double>, double> Power()
        {
            var b = Postfix();
            if (Peek != '^')
                return b;
            _position++;
            Enter();
            var e = Peek == '-' || Peek == '+' ? Unary() : Postfix();
            _depth--;
            return v => MathFunctions.Power(b(v), e(v));
        }

        private Func<IReadOnlyDictionary<string, double>, double> Postfix()
        {
            var value = Primary();
            while (Peek == '!')
            {
                _position++;
                var inner = value;
                value = v => Factorial(inner(v));
            }
            return value;
        }

        private Func<IReadOnlyDictionary<string, double>, double> Primary()
        {
            char c = Peek;
            if (char.IsAsciiDigit(c) || c == '.')
                return Number();
            if (c is '(' or '{' or '[')
                return Group(c, c switch { '(' => ')', '{' => '}', _ => ']' });
            if (c == '\\')
                return Command();
            if (char.IsAsciiLetter(c))
                return Letters();
            throw new FormatException();
        }

        private Func<IReadOnlyDictionary<string, double>, double> Group(char open, char close)
        {
            Expect(open);
            var inner = Expression();
            Expect(close);
            return inner;
        }

        private Func<IReadOnlyDictionary<string, double>, double> Number()
        {
            int start = _position;
            while (char.IsAsciiDigit(Peek) || Peek == '.')
                _position++;
            if (!double.TryParse(_text.AsSpan(start, _position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                throw new FormatException();
            return _ => value;
        }

        /// <summary>A command argument: a braced group, or one character (<c>\frac12</c>, <c>\sqrt3</c>).</summary>
        private Func<IReadOnlyDictionary<string, double>, double> Argument()
        {
            if (Peek == '{')
                return Group('{', '}');
            if (Peek == '(')
                return Group('(', ')');
            char c = Peek;
            _position++;
            if (char.IsAsciiDigit(c))
            {
                double digit = c - '0';
                return _ => digit;
            }
            if (char.IsAsciiLetter(c))
                return Variable(c.ToString());
            throw new FormatException();
        }

        private Func<IReadOnlyDictionary<string, double>, double> Command()
        {
            _position++;
            int start = _position;
            while (char.IsAsciiLetter(Peek))
                _position++;
            var name = _text[start.._position];
            // Removing spaces can glue a command to a variable ("\\pi r" became "\\pir"): keep the longest known command.
            if (name.Length > 1 && !Known(name) && Enumerable.Range(1, name.Length - 1).Reverse().FirstOrDefault(n => Known(name[..n])) is > 0 and var known)
            {
                _position = start + known;
                name = name[..known];
            }
            switch (name)
            {
                case "frac":
                    var numerator = Argument();
                    var denominator = Argument();
                    return v => numerator(v) / denominator(v);
                case "sqrt":
                    if (Peek == '[')
                    {
                        var index = Group('[', ']');
                        var radicand = Argument();
                        return v => Root(radicand(v), index(v));
                    }
                    var argument = Argument();
                    return v => System.Math.Sqrt(argument(v));
                case "pi":
                    return _ => System.Math.PI;
                case "infty":
                    return _ => double.PositiveInfinity;
                case "sum" or "prod":
                    return Series(name == "sum");
                default:
                    if (MathFunctions.IsFunction(name))
                        return Function(name);
                    if (Greek.Contains(name))
                        return Variable("\\" + name);
                    throw new FormatException();
            }
        }

        private static bool Known(string name) =>
            name is "frac" or "sqrt" or "pi" or "infty" or "sum" or "prod" || MathFunctions.IsFunction(name) || Greek.Contains(name);

        private Func<IReadOnlyDictionary<string, double>, double> Letters()
        {
            int start = _position;
            while (char.IsAsciiLetter(Peek))
                _position++;
            var word = _text[start.._position];
            if (word.Length == 1)
            {
                // Subscripted variables: x_1, a_{n}.
                if (Peek == '_')
                {
                    _position++;
                    int subscript = _position;
                    Argument();
                    word += "_" + _text[subscript.._position].Trim('{', '}');
                }
                return Variable(word);
            }
            if (word == "pi")
                return _ => System.Math.PI;
            if (word == "sqrt")
            {
                var argument = Argument();
                return v => System.Math.Sqrt(argument(v));
            }
            if (MathFunctions.IsFunction(word))
                return Function(word);
            // Words ("yes", "Monday") are text, not products of variables.
            throw new FormatException();
        }

        private Func<IReadOnlyDictionary<string, double>, double> Variable(string name)
        {
            Variables.Add(name);
            return v => v.TryGetValue(name, out var value) ? value : double.NaN;
        }

        private void Expect(char c)
        {
            if (Peek != c)
                throw new FormatException();
            _position++;
        }

        private bool Upcoming(string token) => string.CompareOrdinal(_text, _position, token, 0, token.Length) == 0;

        private void Enter()
        {
            if (++_depth > MaxDepth)
                throw new FormatException();
        }
    }

    private static double Root(double radicand, double index) =>
        radicand < 0 && index % 2 == 1 ? -System.Math.Pow(-radicand, 1 / index) : System.Math.Pow(radicand, 1 / index);

    private static double Factorial(double n)
    {
        if (n < 0 || n > 170 || n != System.Math.Floor(n))
            return double.NaN;
        double result = 1;
        for (int i = 2; i <= n; i++)
            result *= i;
        return result;
    }
}

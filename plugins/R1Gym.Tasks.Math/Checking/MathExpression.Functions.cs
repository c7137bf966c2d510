namespace R1Gym.Tasks.Math.Checking;

/// <summary>The parser's functions (<c>\sin</c>, <c>\tan^2</c>, <c>\log_2</c>) and series (<c>\sum</c>, <c>\prod</c>).</summary>
internal sealed partial class MathExpression
{
    private sealed partial class Parser
    {
        /// <summary>
        /// A function application: <c>\sin x</c>, <c>\sin(x)</c>, <c>\tan^2 x</c> (the square of the tangent), <c>\log_2 8</c>.
        /// <c>\sin^{-1}</c> is refused: it means arcsin, and reading it as a power would be wrong.
        /// </summary>
        private Func<IReadOnlyDictionary<string, double>, double> Function(string name)
        {
            Func<IReadOnlyDictionary<string, double>, double>? logBase = null, power = null;
            if (name == "log" && Peek == '_')
            {
                _position++;
                logBase = Argument();
            }
            if (Peek == '^')
            {
                _position++;
                int exponentStart = _position;
                power = Peek == '-' ? Unary() : Argument();
                if (_text[exponentStart.._position].Trim('{', '}') == "-1")
                    throw new FormatException();
            }
            var argument = Peek is '{' or '(' ? Argument() : Power();
            Func<IReadOnlyDictionary<string, double>, double> applied = logBase is null
                ? v => MathFunctions.Apply(name, argument(v))
                : v => System.Math.Log(argument(v)) / System.Math.Log(logBase(v));
            return power is null ? applied : v => MathFunctions.Power(applied(v), power(v));
        }

        /// <summary>
        /// <c>\sum_{k=1}^{10} k^2</c> (or <c>\prod</c>): the bounds must be integer constants, at most
        /// <see cref="MaxSeriesTerms"/> terms apart; the summand is one term (a product), as in written mathematics.
        /// </summary>
        private Func<IReadOnlyDictionary<string, double>, double> Series(bool sum)
        {
            string? index = null;
            Func<IReadOnlyDictionary<string, double>, double>? lower = null, upper = null;
            var known = new HashSet<string>(Variables, StringComparer.Ordinal);
            for (int bound = 0; bound < 2; bound++)
            {
                if (Peek == '_' && lower is null)
                {
                    _position++;
                    bool braced = Peek == '{';
                    if (braced)
                        _position++;
                    if (!char.IsAsciiLetter(Peek))
                        throw new FormatException();
                    index = _text[_position++].ToString();
                    Expect('=');
                    lower = braced ? Expression() : Postfix();
                    if (braced)
                        Expect('}');
                }
                else if (Peek == '^' && upper is null)
                {
                    _position++;
                    upper = Argument();
                }
            }
            if (index is null || lower is null || upper is null || !Variables.SetEquals(known))
                throw new FormatException();
            var empty = new Dictionary<string, double>(StringComparer.Ordinal);
            double from = lower(empty), to = upper(empty);
            if (from != System.Math.Floor(from) || to != System.Math.Floor(to) || to - from > MaxSeriesTerms)
                throw new FormatException();
            var summand = Term();
            if (!known.Contains(index))
                Variables.Remove(index);
            return v =>
            {
                var bound = new Dictionary<string, double>(v, StringComparer.Ordinal);
                double total = sum ? 0 : 1;
                for (double k = from; k <= to; k++)
                {
                    bound[index] = k;
                    total = sum ? total + summand(bound) : total * summand(bound);
                }
                return total;
            };
        }
    }
}

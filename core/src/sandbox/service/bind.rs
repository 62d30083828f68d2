//! What the ASP.NET framework does with a request before the web method runs, on the HTTP
//! GET/POST bindings: request validation, the 1,000-key limit, and the parameter binder
//! (`ValueCollectionParameterReader` + `ScalarFormatter.FromString`), which takes every
//! parameter's name and XSD type from the operation table and converts it as
//! `Convert.ChangeType(value, type, CultureInfo.InvariantCulture)` does.

use crate::ops::{Operation, Xsd};
use crate::sandbox::wire::{Decimal, Exception};

/// ASP.NET's default limit on the number of keys in a form or query string
/// (`aspnet:MaxHttpCollectionKeys`, since MS11-100).
pub(crate) const MAX_COLLECTION_KEYS: usize = 1000;

/// A `NameValue` of `SetCallValues` (SOAP only; either part may be null).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameValue {
    pub name: Option<String>,
    pub value: Option<String>,
}

/// A bound argument, converted to the parameter's .NET type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    /// `null`: a string or array whose element was absent (SOAP only).
    Null,
    Str(String),
    Long(i64),
    Int(i32),
    Bool(bool),
    Float(f32),
    Decimal(Decimal),
    /// `byte[]` (`base64Binary`).
    Bytes(Vec<u8>),
    /// `string[]` (`ArrayOfString`; an item is null only over SOAP: `<string xsi:nil="true" />`).
    Strings(Vec<Option<String>>),
    /// `NameValue[]` (`ArrayOfNameValue`; SOAP only; nil items left out).
    NameValues(Vec<NameValue>),
}

/// The bound arguments of one invocation, read by parameter name.
#[derive(Debug, Clone)]
pub(crate) struct Args {
    pub op: &'static Operation,
    pub values: Vec<Arg>,
}

impl Args {
    fn get(&self, name: &str) -> Option<&Arg> {
        let i = self.op.params.iter().position(|p| p.name == name);
        debug_assert!(i.is_some(), "{} has no parameter {name}", self.op.name);
        self.values.get(i?)
    }

    /// A `string` parameter (`""` for null).
    pub(crate) fn str(&self, name: &str) -> &str {
        self.opt_str(name).unwrap_or("")
    }

    /// A `string` parameter, `None` for null (an absent element over SOAP).
    pub(crate) fn opt_str(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Arg::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// A `long` parameter.
    pub(crate) fn long(&self, name: &str) -> i64 {
        match self.get(name) {
            Some(Arg::Long(v)) => *v,
            _ => 0,
        }
    }

    /// A `boolean` parameter.
    pub(crate) fn bool(&self, name: &str) -> bool {
        matches!(self.get(name), Some(Arg::Bool(true)))
    }

    /// A `base64Binary` parameter.
    pub(crate) fn bytes(&self, name: &str) -> &[u8] {
        match self.get(name) {
            Some(Arg::Bytes(v)) => v,
            _ => &[],
        }
    }

    /// An `ArrayOfString` parameter, `None` for a null array (over SOAP).
    pub(crate) fn strings(&self, name: &str) -> Option<&[Option<String>]> {
        match self.get(name) {
            Some(Arg::Strings(v)) => Some(v),
            _ => None,
        }
    }

    /// An `ArrayOfNameValue` parameter, `None` for a null array.
    pub(crate) fn name_values(&self, name: &str) -> Option<&[NameValue]> {
        match self.get(name) {
            Some(Arg::NameValues(v)) => Some(v),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------- framework checks

/// ASP.NET request validation: a value containing `<` followed by a letter, `!`, `/` or `?`,
/// or `&#`, is refused (`collection` is `QueryString` for GET, `Form` for POST).
pub(crate) fn validate_request(params: &[(String, String)], collection: &str) -> Result<(), Exception> {
    for (k, v) in params {
        let b = v.as_bytes();
        let dangerous = b.windows(2).any(|w| {
            (w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'!' | b'/' | b'?')))
                || (w[0] == b'&' && w[1] == b'#')
        });
        if dangerous {
            let shown: String = v.chars().take(20).collect();
            return Err(Exception::new(
                "System.Web.HttpRequestValidationException",
                format!("A potentially dangerous Request.{collection} value was detected from the client ({k}=\"{shown}\")."),
                "System.Web.HttpRequest",
            ));
        }
    }
    Ok(())
}

/// ASP.NET's `HttpValueCollection.ThrowIfMaxHttpCollectionKeysExceeded`: before each pair is
/// added, the collection may hold at most 999 distinct keys (compared case-insensitively).
/// Repeated keys (`names=…&names=…`, one `file=` per byte) do not count again.
pub(crate) fn check_key_limit(params: &[(String, String)]) -> Result<(), Exception> {
    let mut keys: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (k, _) in params {
        if keys.len() >= MAX_COLLECTION_KEYS {
            return Err(Exception::new(
                "System.InvalidOperationException",
                "Operation is not valid due to the current state of the object.",
                "System.Web.HttpValueCollection",
            ));
        }
        keys.insert(k.to_lowercase());
    }
    Ok(())
}

// ---------------------------------------------------------------------------- the binder

fn missing(name: &str) -> Exception {
    Exception::new(
        "System.InvalidOperationException",
        format!("Missing parameter: {name}."),
        "System.Web.Services.Protocols.ValueCollectionParameterReader",
    )
}

fn null_reference() -> Exception {
    Exception::new(
        "System.NullReferenceException",
        "Object reference not set to an instance of an object",
        "System.Web.Services.Protocols.ValueCollectionParameterReader",
    )
}

/// Binds the form or query values of an HTTP GET/POST request to `op`'s parameters, by
/// case-insensitive name, in parameter order, stopping at the first failure:
/// * a scalar: every value of its key joined with `,` (as `NameValueCollection[name]`);
///   absent → `Missing parameter`; then converted to its type;
/// * an array (`ArrayOfString`, and `base64Binary`, which these bindings carry as a `byte[]`:
///   one value per byte): every value in order, each converted to the item type; absent →
///   the NullReferenceException of `Array.CreateInstance(type, null.Length)`.
pub(crate) fn bind_form(op: &'static Operation, params: &[(String, String)]) -> Result<Args, Exception> {
    let values_of = |name: &str| -> Vec<&str> {
        params
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let mut values = Vec::with_capacity(op.params.len());
    for p in op.params {
        let vals = values_of(p.name);
        let arg = if p.xsd.is_array() {
            if vals.is_empty() {
                return Err(null_reference());
            }
            match p.xsd {
                Xsd::Base64Binary => Arg::Bytes(vals.iter().map(|v| to_byte(v)).collect::<Result<_, _>>()?),
                _ => Arg::Strings(vals.into_iter().map(|v| Some(v.to_owned())).collect()),
            }
        } else {
            if vals.is_empty() {
                return Err(missing(p.name));
            }
            convert(&vals.join(","), p.xsd)?
        };
        values.push(arg);
    }
    Ok(Args { op, values })
}

/// `ScalarFormatter.FromString(value, type)` for the scalar types of the table.
pub(crate) fn convert(raw: &str, xsd: Xsd) -> Result<Arg, Exception> {
    match xsd {
        Xsd::Long => parse_integer(raw, i64::MIN as i128, i64::MAX as i128)
            .map(|v| Arg::Long(v as i64))
            .map_err(|k| conversion_error(raw, "System.Int64", k, "an Int64")),
        Xsd::Int => parse_integer(raw, i32::MIN as i128, i32::MAX as i128)
            .map(|v| Arg::Int(v as i32))
            .map_err(|k| conversion_error(raw, "System.Int32", k, "an Int32")),
        Xsd::Boolean => parse_bool(raw)
            .map(Arg::Bool)
            .map_err(|k| conversion_error(raw, "System.Boolean", k, "a Boolean")),
        Xsd::Float => parse_float(raw)
            .map(Arg::Float)
            .map_err(|k| conversion_error(raw, "System.Single", k, "a Single")),
        Xsd::Decimal => parse_decimal(raw)
            .map(Arg::Decimal)
            .map_err(|k| conversion_error(raw, "System.Decimal", k, "a Decimal")),
        // Strings, and complex types no HTTP GET/POST method takes, stay text.
        Xsd::String | Xsd::Base64Binary | Xsd::Type(_) => Ok(Arg::Str(raw.to_owned())),
    }
}

fn to_byte(raw: &str) -> Result<u8, Exception> {
    parse_integer(raw, 0, 255)
        .map(|v| v as u8)
        .map_err(|k| conversion_error(raw, "System.Byte", k, "an unsigned byte"))
}

/// Why a conversion failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    Format,
    Overflow,
    Boolean,
}

/// `Cannot convert {value} to {type}.` with the parser's exception inside, as Microsoft's
/// runtime words it (Mono leaves `{0}` and `{1}` unfilled).
fn conversion_error(raw: &str, type_name: &str, failure: Failure, overflow_what: &str) -> Exception {
    let frame = "System.Web.Services.Protocols.ScalarFormatter";
    let inner = match failure {
        Failure::Format => Exception::new(
            "System.FormatException",
            "Input string was not in a correct format.",
            frame,
        ),
        Failure::Boolean => Exception::new(
            "System.FormatException",
            "String was not recognized as a valid Boolean.",
            frame,
        ),
        Failure::Overflow => Exception::new(
            "System.OverflowException",
            format!("Value was either too large or too small for {overflow_what}."),
            frame,
        ),
    };
    Exception::new(
        "System.ArgumentException",
        format!("Cannot convert {raw} to {type_name}.\r\nParameter name: type"),
        frame,
    )
    .with_inner(inner)
}

/// .NET's white space for number parsing: U+0009–U+000D and U+0020.
fn is_white(c: char) -> bool {
    c == ' ' || ('\t'..='\r').contains(&c)
}

/// Trims the white space `NumberStyles.AllowLeadingWhite | AllowTrailingWhite` allows, and the
/// trailing NULs .NET's parser ignores.
fn trim_number(raw: &str) -> &str {
    raw.trim_end_matches('\0').trim_matches(is_white)
}

/// `NumberStyles.Integer`: `[ws][sign]digits[ws]`, then a range check.
pub(crate) fn parse_integer(raw: &str, min: i128, max: i128) -> Result<i128, Failure> {
    let t = trim_number(raw);
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Failure::Format);
    }
    // Digits only, so the one way to fail is more than an i128 holds (39 digits): an
    // overflow, as a value that fits an i128 but not the type is below.
    let significant = digits.trim_start_matches('0');
    let magnitude: i128 = if significant.is_empty() {
        0
    } else {
        significant.parse().map_err(|_| Failure::Overflow)?
    };
    let v = if negative { -magnitude } else { magnitude };
    if v < min || v > max {
        return Err(Failure::Overflow);
    }
    Ok(v)
}

// ---------------------------------------------------------------------------- SOAP's XmlConvert

/// The white space `XmlConvert` trims: space, tab, LF, CR.
fn xml_trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\n', '\r'])
}

/// `XmlConvert.ToInt64` / `ToInt32` / `ToBoolean` / `ToSingle` as the SOAP binding's
/// XmlSerializer reads a scalar element's text: the inner exception (type, message) when the
/// text does not convert. Strings stay text.
pub(crate) fn xml_convert(raw: &str, xsd: Xsd) -> Result<Arg, (&'static str, String)> {
    let overflow = |what: &str| {
        (
            "System.OverflowException",
            format!("Value was either too large or too small for {what}."),
        )
    };
    let format = || {
        (
            "System.FormatException",
            "Input string was not in a correct format.".to_owned(),
        )
    };
    match xsd {
        Xsd::Long => parse_integer(raw, i64::MIN as i128, i64::MAX as i128)
            .map(|v| Arg::Long(v as i64))
            .map_err(|f| {
                if f == Failure::Overflow {
                    overflow("an Int64")
                } else {
                    format()
                }
            }),
        Xsd::Int => parse_integer(raw, i32::MIN as i128, i32::MAX as i128)
            .map(|v| Arg::Int(v as i32))
            .map_err(|f| {
                if f == Failure::Overflow {
                    overflow("an Int32")
                } else {
                    format()
                }
            }),
        Xsd::Boolean => match xml_trim(raw) {
            "1" | "true" => Ok(Arg::Bool(true)),
            "0" | "false" => Ok(Arg::Bool(false)),
            _ => Err((
                "System.FormatException",
                format!("The string '{raw}' is not a valid Boolean value."),
            )),
        },
        Xsd::Float => match xml_trim(raw) {
            "INF" => Ok(Arg::Float(f32::INFINITY)),
            "-INF" => Ok(Arg::Float(f32::NEG_INFINITY)),
            t => parse_single(t, false).map(Arg::Float).map_err(|f| {
                if f == Failure::Overflow {
                    overflow("a Single")
                } else {
                    format()
                }
            }),
        },
        Xsd::Decimal => parse_decimal(raw).map(Arg::Decimal).map_err(|f| {
            if f == Failure::Overflow {
                overflow("a Decimal")
            } else {
                format()
            }
        }),
        Xsd::String | Xsd::Base64Binary | Xsd::Type(_) => Ok(Arg::Str(raw.to_owned())),
    }
}

/// `Boolean.Parse`: `True`/`False` in any case, surrounded by white space or NULs.
fn parse_bool(raw: &str) -> Result<bool, Failure> {
    let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if t.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if t.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(Failure::Boolean)
    }
}

/// The parts of a number .NET's `ParseNumber` accepted.
pub(crate) struct Number {
    negative: bool,
    int: String,
    frac: String,
    exponent: Option<String>,
}

/// .NET's `ParseNumber` for the invariant culture: `[ws][sign]digits[,digits…][.digits]`
/// `[e[sign]digits][ws]` (the thousands separator only with `thousands`, only after a digit and
/// before the decimal point; the exponent only with `exponent`; a trailing sign only with
/// `trailing_sign`).
pub(crate) fn parse_number(raw: &str, thousands: bool, exponent: bool, trailing_sign: bool) -> Option<Number> {
    let t = trim_number(raw);
    let mut chars = t.chars().peekable();
    let mut negative = false;
    let mut leading_sign = false;
    if let Some(&c) = chars.peek() {
        if c == '-' || c == '+' {
            negative = c == '-';
            leading_sign = true;
            chars.next();
        }
    }
    let (mut int, mut frac) = (String::new(), String::new());
    let mut seen_point = false;
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            if seen_point { &mut frac } else { &mut int }.push(c);
        } else if c == ',' && thousands && !seen_point && !int.is_empty() {
        } else if c == '.' && !seen_point {
            seen_point = true;
        } else {
            break;
        }
        chars.next();
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut rest: String = chars.collect();
    let mut exp = None;
    if exponent && (rest.starts_with('e') || rest.starts_with('E')) {
        let after = &rest[1..];
        let (sign, digits) = match after.as_bytes().first() {
            Some(b'-') => ("-", &after[1..]),
            Some(b'+') => ("", &after[1..]),
            _ => ("", after),
        };
        let n = digits.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 {
            exp = Some(format!("{sign}{}", &digits[..n]));
            rest = digits[n..].to_owned();
        }
    }
    let mut rest = rest.trim_start_matches(is_white);
    if trailing_sign && !leading_sign {
        if let Some(r) = rest.strip_prefix(['-', '+']) {
            negative = rest.starts_with('-');
            rest = r.trim_start_matches(is_white);
        }
    }
    if !rest.is_empty() {
        return None;
    }
    Some(Number {
        negative,
        int,
        frac,
        exponent: exp,
    })
}

/// `Single.Parse(value, NumberStyles.Float | NumberStyles.AllowThousands, invariant)`:
/// `Infinity`, `-Infinity` and `NaN` exactly; a finite number whose value rounds beyond
/// `float`'s range is an overflow.
fn parse_float(raw: &str) -> Result<f32, Failure> {
    parse_single(raw, true)
}

/// `Single.Parse` with `NumberStyles.Float` (and `AllowThousands` when `thousands`), invariant
/// culture: what both the HTTP binder and `XmlConvert.ToSingle` (without thousands) use.
fn parse_single(raw: &str, thousands: bool) -> Result<f32, Failure> {
    match trim_number(raw) {
        "Infinity" => return Ok(f32::INFINITY),
        "-Infinity" => return Ok(f32::NEG_INFINITY),
        "NaN" => return Ok(f32::NAN),
        _ => {}
    }
    let n = parse_number(raw, thousands, true, false).ok_or(Failure::Format)?;
    let text = format!(
        "{}{}.{}e{}",
        if n.negative { "-" } else { "" },
        if n.int.is_empty() { "0" } else { &n.int },
        if n.frac.is_empty() { "0" } else { &n.frac },
        n.exponent.as_deref().unwrap_or("0")
    );
    // An exponent too large for i32 is an overflow in .NET as well.
    let v: f32 = text.parse().map_err(|_| Failure::Overflow)?;
    if v.is_infinite() {
        return Err(Failure::Overflow);
    }
    Ok(v)
}

/// `Decimal.Parse(value, NumberStyles.Number, invariant)`: no exponent, a trailing sign
/// allowed; more than 28 fractional digits are rounded away; beyond ±79228162514264337593543950335
/// an overflow.
fn parse_decimal(raw: &str) -> Result<Decimal, Failure> {
    const MAX: u128 = 79_228_162_514_264_337_593_543_950_335;
    let n = parse_number(raw, true, false, true).ok_or(Failure::Format)?;
    let int = n.int.trim_start_matches('0');
    if int.len() > 29 {
        return Err(Failure::Overflow);
    }
    // Keep as many fractional digits as fit in 96 bits (at most 28), rounding half away
    // from zero as .NET does.
    let value = |digits: &str| -> Option<u128> {
        let d = digits.trim_start_matches('0');
        if d.is_empty() {
            Some(0)
        } else {
            d.parse().ok()
        }
    };
    let mut digits = int.to_owned();
    let mut scale = 0u8;
    let mut round_up = false;
    for c in n.frac.chars() {
        let candidate = format!("{digits}{c}");
        if scale >= 28 || value(&candidate).is_none_or(|v| v > MAX) {
            round_up = c >= '5';
            break;
        }
        digits = candidate;
        scale += 1;
    }
    let mut mantissa = value(&digits).ok_or(Failure::Overflow)?;
    if round_up {
        mantissa += 1;
    }
    if mantissa > MAX {
        return Err(Failure::Overflow);
    }
    let mantissa = mantissa as i128;
    Ok(Decimal {
        mantissa: if n.negative { -mantissa } else { mantissa },
        scale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Op;

    fn err_inner(r: Result<Arg, Exception>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.type_name, "System.ArgumentException");
        e.inner.unwrap().message
    }

    const FORMAT: &str = "Input string was not in a correct format.";

    #[test]
    fn long_conversion_rules() {
        assert_eq!(convert(" 42 ", Xsd::Long).unwrap(), Arg::Long(42));
        assert_eq!(convert("-7", Xsd::Long).unwrap(), Arg::Long(-7));
        assert_eq!(convert("+7", Xsd::Long).unwrap(), Arg::Long(7));
        assert_eq!(convert("0009", Xsd::Long).unwrap(), Arg::Long(9));
        for bad in ["", " ", "1.5", "0x10", "abc", "1e3", "- 5", "1,000", "\u{a0}5"] {
            assert_eq!(err_inner(convert(bad, Xsd::Long)), FORMAT, "{bad:?}");
        }
        assert_eq!(
            err_inner(convert("99999999999999999999", Xsd::Long)),
            "Value was either too large or too small for an Int64."
        );
        assert_eq!(convert("-9223372036854775808", Xsd::Long).unwrap(), Arg::Long(i64::MIN));
        // More digits than an i128 holds, and leading zeros that do not count.
        let huge = format!("-{}", "9".repeat(60));
        assert_eq!(
            err_inner(convert(&huge, Xsd::Long)),
            "Value was either too large or too small for an Int64."
        );
        let padded = format!("{}5", "0".repeat(60));
        assert_eq!(convert(&padded, Xsd::Long).unwrap(), Arg::Long(5));
        let e = convert("abc", Xsd::Long).unwrap_err();
        assert_eq!(e.message, "Cannot convert abc to System.Int64.\r\nParameter name: type");
    }

    #[test]
    fn int_conversion_rules() {
        assert_eq!(convert(" +5 ", Xsd::Int).unwrap(), Arg::Int(5));
        assert_eq!(
            err_inner(convert("99999999999", Xsd::Int)),
            "Value was either too large or too small for an Int32."
        );
        assert_eq!(err_inner(convert("1,000", Xsd::Int)), FORMAT);
        let e = convert("x", Xsd::Int).unwrap_err();
        assert_eq!(e.message, "Cannot convert x to System.Int32.\r\nParameter name: type");
    }

    #[test]
    fn boolean_conversion_rules() {
        assert_eq!(convert("TRUE", Xsd::Boolean).unwrap(), Arg::Bool(true));
        assert_eq!(convert(" false ", Xsd::Boolean).unwrap(), Arg::Bool(false));
        for bad in ["1", "", "yes", "t"] {
            assert_eq!(
                err_inner(convert(bad, Xsd::Boolean)),
                "String was not recognized as a valid Boolean.",
                "{bad:?}"
            );
        }
        assert!(convert("1", Xsd::Boolean)
            .unwrap_err()
            .message
            .starts_with("Cannot convert 1 to System.Boolean."));
    }

    /// What Mono's `Single.Parse` accepted and refused (probed on the replica's runtime).
    #[test]
    fn float_conversion_rules() {
        for (raw, want) in [
            ("1.5", 1.5f32),
            ("1,000.5", 1000.5),
            ("1e3", 1000.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("-.5", -0.5),
            ("1,,2", 12.0),
            ("1,2.3", 12.3),
            ("1e+5", 1e5),
            ("1E-2", 0.01),
            ("1e-50", 0.0),
            (" 2 ", 2.0),
        ] {
            assert_eq!(convert(raw, Xsd::Float).unwrap(), Arg::Float(want), "{raw}");
        }
        assert_eq!(convert("Infinity", Xsd::Float).unwrap(), Arg::Float(f32::INFINITY));
        assert_eq!(convert("-Infinity", Xsd::Float).unwrap(), Arg::Float(f32::NEG_INFINITY));
        assert!(matches!(convert("NaN", Xsd::Float).unwrap(), Arg::Float(v) if v.is_nan()));
        for bad in [
            "infinity",
            "+Infinity",
            "-NaN",
            ",5",
            "0x10",
            "",
            "1.5e",
            "1.2,3",
            "- 5",
            "5 -",
            "e5",
            "\u{221e}",
        ] {
            assert_eq!(err_inner(convert(bad, Xsd::Float)), FORMAT, "{bad:?}");
        }
        for big in ["1e39", "1e400", "3.4028236e38"] {
            assert_eq!(
                err_inner(convert(big, Xsd::Float)),
                "Value was either too large or too small for a Single.",
                "{big}"
            );
        }
    }

    /// What Mono's `Decimal.Parse` accepted and refused (probed on the replica's runtime).
    #[test]
    fn decimal_conversion_rules() {
        let d = |raw: &str| match convert(raw, Xsd::Decimal).unwrap() {
            Arg::Decimal(d) => d.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(d("1.50"), "1.50");
        assert_eq!(d("1,000.5"), "1000.5");
        assert_eq!(d("5-"), "-5");
        assert_eq!(d("+5"), "5");
        assert_eq!(d("-0"), "0");
        assert_eq!(d("0.0"), "0.0");
        assert_eq!(
            d("0.12345678901234567890123456789012"),
            "0.1234567890123456789012345679"
        );
        assert_eq!(d("0.000000000000000000000000000001"), "0.0000000000000000000000000000");
        for bad in ["1e3", "", "(5)", "-5-"] {
            assert_eq!(err_inner(convert(bad, Xsd::Decimal)), FORMAT, "{bad:?}");
        }
        for big in ["99999999999999999999999999999", "79228162514264337593543950336"] {
            assert_eq!(
                err_inner(convert(big, Xsd::Decimal)),
                "Value was either too large or too small for a Decimal.",
                "{big}"
            );
        }
        assert_eq!(d("79228162514264337593543950335"), "79228162514264337593543950335");
        // The digits fit exactly at the limit: kept, not rounded.
        assert_eq!(d("7922816251426433759354395033.5"), "7922816251426433759354395033.5");
    }

    /// The SOAP binder's errors: an overflow and a bad format per numeric type, as the
    /// exception type and message XmlSerializer reports.
    #[test]
    fn xml_conversion_errors_per_type() {
        let overflow = |what: &str| {
            (
                "System.OverflowException",
                format!("Value was either too large or too small for {what}."),
            )
        };
        let format = (
            "System.FormatException",
            "Input string was not in a correct format.".to_owned(),
        );
        let cases = [
            (Xsd::Long, "99999999999999999999", "an Int64"),
            (Xsd::Int, "99999999999", "an Int32"),
            (Xsd::Float, "1e39", "a Single"),
            (Xsd::Decimal, "79228162514264337593543950336", "a Decimal"),
        ];
        for (xsd, big, what) in cases {
            assert_eq!(xml_convert(big, xsd).unwrap_err(), overflow(what), "{xsd:?}");
            assert_eq!(xml_convert("x", xsd).unwrap_err(), format, "{xsd:?}");
        }
        assert!(matches!(xml_convert(" 2.5 ", Xsd::Decimal), Ok(Arg::Decimal(_))));
        assert_eq!(
            xml_convert("yes", Xsd::Boolean).unwrap_err(),
            (
                "System.FormatException",
                "The string 'yes' is not a valid Boolean value.".to_owned()
            )
        );
    }

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn binding_is_case_insensitive_and_joins_repeats() {
        let op = Op::GetPublicCallId.spec();
        let args = bind_form(op, &form(&[("TOKEN", "a"), ("token", "b"), ("callid", "5")])).unwrap();
        assert_eq!(args.str("token"), "a,b");
        assert_eq!(args.long("callId"), 5);
        let e = bind_form(Op::CreateCall.spec(), &form(&[("token", "a")])).unwrap_err();
        assert_eq!(e.message, "Missing parameter: trajectCode.");
    }

    #[test]
    fn the_first_failing_parameter_in_order_wins() {
        // callId is unconvertible and the later returnUrl missing: the conversion error wins.
        let e = bind_form(Op::GetAgentUrl.spec(), &form(&[("token", "t"), ("callId", "x")])).unwrap_err();
        assert!(
            e.message.starts_with("Cannot convert x to System.Int64."),
            "{}",
            e.message
        );
    }

    /// `byte[]` over GET/POST: one value per byte, each a System.Byte (probed on Mono).
    #[test]
    fn bytes_are_bound_one_value_per_byte() {
        let op = Op::AddDocumentFromBytes.spec();
        let args = bind_form(
            op,
            &form(&[
                ("token", "t"),
                ("file", "37"),
                ("FILE", "+80"),
                ("file", " 05"),
                ("file", "-0"),
                ("filename", "a"),
            ]),
        )
        .unwrap();
        assert_eq!(args.bytes("file"), &[37, 80, 5, 0]);
        let absent = bind_form(op, &form(&[("token", "t"), ("filename", "a")])).unwrap_err();
        assert_eq!(absent.type_name, "System.NullReferenceException");
        assert_eq!(absent.message, "Object reference not set to an instance of an object");
        for (bad, inner) in [
            ("256", "Value was either too large or too small for an unsigned byte."),
            ("-1", "Value was either too large or too small for an unsigned byte."),
            ("", FORMAT),
            ("a", FORMAT),
            ("1,2", FORMAT),
        ] {
            let e = bind_form(
                op,
                &form(&[("token", "t"), ("file", "1"), ("file", bad), ("filename", "a")]),
            )
            .unwrap_err();
            assert_eq!(
                e.message,
                format!("Cannot convert {bad} to System.Byte.\r\nParameter name: type")
            );
            assert_eq!(e.inner.unwrap().message, inner, "{bad:?}");
        }
    }

    #[test]
    fn every_parameter_type_of_the_table_binds() {
        let op = Op::AddDocumentFromBytesEx.spec();
        let args = bind_form(
            op,
            &form(&[
                ("token", "t"),
                ("file", "1"),
                ("filename", "f"),
                ("externalId", ""),
                ("priv", "True"),
                ("temp", "false"),
            ]),
        )
        .unwrap();
        assert!(args.bool("priv"));
        assert!(!args.bool("temp"));
        let e = bind_form(
            op,
            &form(&[
                ("token", "t"),
                ("file", "1"),
                ("filename", "f"),
                ("externalId", ""),
                ("priv", "1"),
            ]),
        )
        .unwrap_err();
        assert!(e.message.starts_with("Cannot convert 1 to System.Boolean."));
        let cursor = bind_form(
            Op::SetDocumentCursor.spec(),
            &form(&[("token", "t"), ("callId", "1"), ("x", "0.5"), ("y", "1e39")]),
        )
        .unwrap_err();
        assert!(cursor.message.starts_with("Cannot convert 1e39 to System.Single."));
        let events = bind_form(
            Op::GetEvents.spec(),
            &form(&[("token", "t"), ("publicId", "p"), ("eventCount", "x")]),
        )
        .unwrap_err();
        assert!(events.message.starts_with("Cannot convert x to System.Int32."));
        let values = bind_form(
            Op::SetValues.spec(),
            &form(&[
                ("token", "t"),
                ("publicId", "p"),
                ("names", "a"),
                ("names", ""),
                ("values", "1"),
                ("values", "2"),
            ]),
        )
        .unwrap();
        assert_eq!(
            values.strings("names").unwrap(),
            [Some("a".to_owned()), Some(String::new())]
        );
    }

    #[test]
    fn key_limit_counts_distinct_keys() {
        let distinct: Vec<(String, String)> = (0..1000).map(|i| (format!("k{i}"), String::new())).collect();
        check_key_limit(&distinct).unwrap();
        let mut over = distinct.clone();
        over.push(("k1001".into(), String::new()));
        assert!(check_key_limit(&over).is_err());
        // After 1,000 distinct keys even a repeated key is refused, as in HttpValueCollection.
        let mut repeat = distinct;
        repeat.push(("K0".into(), String::new()));
        assert!(check_key_limit(&repeat).is_err());
        let bytes: Vec<(String, String)> = (0..5000).map(|i| ("file".into(), (i % 256).to_string())).collect();
        check_key_limit(&bytes).unwrap();
    }

    #[test]
    fn request_validation() {
        assert!(validate_request(&form(&[("a", "<2>"), ("b", "x < y"), ("c", "&amp;")]), "Form").is_ok());
        for bad in ["<b>", "</", "<!--", "<?x", "&#60;"] {
            let e = validate_request(&form(&[("v", bad)]), "QueryString").unwrap_err();
            assert!(e.message.contains("Request.QueryString value"), "{}", e.message);
        }
    }
}

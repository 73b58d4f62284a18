package quantity

import (
	"strings"

	"github.com/bojanz/currency"
)

// cur is a currency unit as written. ISO is empty when the text does not
// say which country's unit it is (a bare "$" or "pounds"); News is the
// code the news stage records then (the usual reading in English news).
type cur struct {
	Name  string // display name in the Recognizers-Text convention ("United States dollar")
	ISO   string
	News  string
	Sub   bool  // a hundredth of the main unit (cent, penny, pence)
	Scale int64 // implied scale ("MUSD" = million USD)
}

var isoNames = map[string]string{
	"USD": "United States dollar", "EUR": "Euro", "GBP": "British pound", "JPY": "Japanese yen", "CNY": "Chinese yuan",
	"CHF": "Swiss franc", "CAD": "Canadian dollar", "AUD": "Australian dollar", "HKD": "Hong Kong dollar",
	"TWD": "New Taiwan dollar", "SGD": "Singapore dollar", "NZD": "New Zealand dollar", "INR": "Indian rupee",
	"KRW": "South Korean won", "MXN": "Mexican peso", "BRL": "Brazilian real", "RUB": "Russian ruble",
	"SEK": "Swedish krona", "NOK": "Norwegian krone", "DKK": "Danish krone", "ZAR": "South African rand",
	"TRY": "Turkish lira", "LKR": "Sri Lankan rupee", "PKR": "Pakistani rupee", "IDR": "Indonesian rupiah",
	"MYR": "Malaysian ringgit", "THB": "Thai baht", "VND": "Vietnamese dong", "PHP": "Philippine peso",
	"NGN": "Nigerian naira", "SAR": "Saudi riyal", "AED": "United Arab Emirates dirham", "ILS": "Israeli new shekel",
	"PLN": "Polish złoty", "UAH": "Ukrainian hryvnia", "EGP": "Egyptian pound", "KES": "Kenyan shilling",
	"FIM": "Finnish markka", "NLG": "Netherlands guilder", "DEM": "German mark", "FRF": "French franc",
	"ITL": "Italian lira", "ESP": "Spanish peseta", "ARS": "Argentine peso", "CLP": "Chilean peso", "COP": "Colombian peso",
	"IRR": "Iranian rial", "QAR": "Qatari riyal", "KWD": "Kuwaiti dinar", "BDT": "Bangladeshi taka", "CZK": "Czech koruna",
	"HUF": "Hungarian forint",
}

func isoCur(code string) cur {
	n := isoNames[code]
	if n == "" {
		n = code
	}
	return cur{Name: n, ISO: code, News: code}
}

// symbols are written before or after the number, joined without spaces
// when they span tokens ("us $" → "us$", "u.s. $" → "u.s.$").
var symbols = map[string]cur{
	"$":   {Name: "Dollar", News: "USD"},
	"£":   {Name: "Pound", News: "GBP"},
	"¥":   isoCur("JPY"),
	"元":   isoCur("CNY"),
	"₿":   {Name: "Bitcoin", News: "XBT"},
	"ரூ":  isoCur("LKR"),
	"₽":   isoCur("RUB"),
	"₺":   isoCur("TRY"),
	"₦":   isoCur("NGN"),
	"us$": isoCur("USD"), "u.s.$": isoCur("USD"), "u.s$": isoCur("USD"), "usd$": isoCur("USD"),
	"c$": isoCur("CAD"), "cad$": isoCur("CAD"), "can$": isoCur("CAD"),
	"a$": isoCur("AUD"), "aud$": isoCur("AUD"), "au$": isoCur("AUD"),
	"s$": isoCur("SGD"), "sgd$": isoCur("SGD"),
	"mxn$": isoCur("MXN"), "mex$": isoCur("MXN"),
	"rs": isoCur("INR"), "rs.": isoCur("INR"),
}

// names follow the number ("26 billion yuan", "5 million won").
var names = map[string]cur{
	"dollar": {Name: "Dollar", News: "USD"}, "dollars": {Name: "Dollar", News: "USD"},
	"us dollar": isoCur("USD"), "us dollars": isoCur("USD"), "u.s. dollars": isoCur("USD"), "u.s. dollar": isoCur("USD"),
	"american dollars": isoCur("USD"), "united states dollars": isoCur("USD"),
	"canadian dollar": isoCur("CAD"), "canadian dollars": isoCur("CAD"),
	"australian dollar": isoCur("AUD"), "australian dollars": isoCur("AUD"),
	"hong kong dollars": isoCur("HKD"), "hong kong dollar": isoCur("HKD"),
	"taiwan dollars": isoCur("TWD"), "new taiwan dollars": isoCur("TWD"), "taiwanese dollars": isoCur("TWD"),
	"singapore dollars": isoCur("SGD"), "singapore dollar": isoCur("SGD"),
	"new zealand dollars": isoCur("NZD"),
	"euro":                isoCur("EUR"), "euros": isoCur("EUR"),
	"pound": {Name: "Pound", News: "GBP"}, "pounds": {Name: "Pound", News: "GBP"},
	"british pounds": isoCur("GBP"), "british pound": isoCur("GBP"), "pounds sterling": isoCur("GBP"), "sterling": isoCur("GBP"),
	"yen": isoCur("JPY"), "japanese yen": isoCur("JPY"),
	"yuan": isoCur("CNY"), "renminbi": isoCur("CNY"), "rmb": isoCur("CNY"), "kuai": isoCur("CNY"), "chinese yuan": isoCur("CNY"),
	"rupee": {Name: "Rupee", News: "INR"}, "rupees": {Name: "Rupee", News: "INR"},
	"indian rupees": isoCur("INR"), "pakistani rupees": isoCur("PKR"), "sri lankan rupees": isoCur("LKR"),
	"won": isoCur("KRW"), "korean won": isoCur("KRW"),
	"franc": {Name: "Franc"}, "francs": {Name: "Franc"},
	"swiss franc": isoCur("CHF"), "swiss francs": isoCur("CHF"), "french francs": isoCur("FRF"),
	"finnish markka": isoCur("FIM"), "markka": isoCur("FIM"),
	"dutch guilders": isoCur("NLG"), "guilders": {Name: "Guilder"},
	"marks": {Name: "Mark"}, "german marks": isoCur("DEM"), "deutsche marks": isoCur("DEM"), "deutschmarks": isoCur("DEM"),
	"lira": {Name: "Lira"}, "turkish lira": isoCur("TRY"), "lire": isoCur("ITL"),
	"peso": {Name: "Peso"}, "pesos": {Name: "Peso"}, "mexican pesos": isoCur("MXN"), "argentine pesos": isoCur("ARS"),
	"philippine pesos": isoCur("PHP"),
	"cent":             {Name: "Cent", News: "USD", Sub: true}, "cents": {Name: "Cent", News: "USD", Sub: true},
	"pence": {Name: "Pence", News: "GBP", Sub: true}, "penny": {Name: "Penny", News: "GBP", Sub: true}, "pennies": {Name: "Penny", News: "GBP", Sub: true},
	"bitcoin": {Name: "Bitcoin", News: "XBT"}, "bitcoins": {Name: "Bitcoin", News: "XBT"},
	"satoshi": {Name: "Satoshi"}, "satoshis": {Name: "Satoshi"},
	"ruble": isoCur("RUB"), "rubles": isoCur("RUB"), "roubles": isoCur("RUB"), "rouble": isoCur("RUB"),
	"rand": isoCur("ZAR"), "ringgit": isoCur("MYR"), "baht": isoCur("THB"), "rupiah": isoCur("IDR"),
	"dong": isoCur("VND"), "naira": isoCur("NGN"), "riyal": isoCur("SAR"), "riyals": isoCur("SAR"),
	"dirham": isoCur("AED"), "dirhams": isoCur("AED"), "shekel": isoCur("ILS"), "shekels": isoCur("ILS"),
	"zloty": isoCur("PLN"), "zlotys": isoCur("PLN"), "hryvnia": isoCur("UAH"), "hryvnias": isoCur("UAH"),
	"krona": isoCur("SEK"), "kronor": isoCur("SEK"), "krone": isoCur("NOK"), "kroner": isoCur("NOK"),
	"taka": isoCur("BDT"), "forint": isoCur("HUF"), "koruna": isoCur("CZK"),
	"shilling": {Name: "Shilling"}, "shillings": {Name: "Shilling"},
	"dinar": {Name: "Dinar"}, "dinars": {Name: "Dinar"},
	"real": isoCur("BRL"), "reais": isoCur("BRL"),
}

// commonCodes are ISO codes accepted in lower case; other valid codes count
// only when written in capitals and not an English word.
var commonCodes = map[string]bool{"usd": true, "eur": true, "gbp": true, "jpy": true, "cny": true, "rmb": true, "chf": true,
	"cad": true, "aud": true, "hkd": true, "twd": true, "sgd": true, "nzd": true, "inr": true, "krw": true, "mxn": true,
	"brl": true, "rub": true, "sek": true, "nok": true, "dkk": true, "zar": true, "idr": true, "myr": true, "thb": true,
	"php": true, "vnd": true, "sar": true, "aed": true, "ils": true, "pln": true, "uah": true, "egp": true, "pkr": true, "lkr": true}

var codeStop = map[string]bool{"all": true, "top": true, "cup": true, "mad": true, "bob": true, "amd": true, "gel": true,
	"mop": true, "pen": true, "try": true, "bam": true, "std": true, "svc": true, "ron": true, "mur": true, "lak": true,
	"bif": true, "gmd": true, "xxx": true, "xts": true, "sos": true, "tmt": true, "kes": true, "mga": true, "aoa": true, "ang": true}

// validLower holds every ISO 4217 code in lower case.
var validLower = map[string]bool{}

func init() {
	for _, c := range currency.GetCurrencyCodes() {
		validLower[strings.ToLower(c)] = true
	}
	validLower["rmb"] = true
	l := currency.NewLocale("en")
	for _, c := range currency.GetCurrencyCodes() {
		s, ok := currency.GetSymbol(c, l)
		if !ok || s == c || s == "$" || strings.ContainsAny(s, " .") {
			continue
		}
		k := strings.ToLower(s)
		if _, have := symbols[k]; !have {
			symbols[k] = isoCur(c)
		}
	}
	symbols["¥"] = isoCur("JPY")
}

// codeCur returns the currency for an ISO-code token ("usd", "MUSD").
func codeCur(lower, orig string) (cur, bool) {
	if lower == "rmb" {
		return isoCur("CNY"), true
	}
	upper := strings.ToUpper(lower)
	if len(lower) == 3 && currency.IsValid(upper) {
		if commonCodes[lower] || (orig == upper && !codeStop[lower]) {
			return isoCur(upper), true
		}
	}
	// "MUSD", "MGBP": millions
	if len(lower) == 4 && lower[0] == 'm' && commonCodes[lower[1:]] {
		c := isoCur(strings.ToUpper(lower[1:]))
		c.Scale = 1e6
		return c, true
	}
	return cur{}, false
}

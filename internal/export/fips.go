package export

// fips maps ISO 3166-1 alpha-2 country codes to the FIPS 10-4 codes GDELT
// uses in its geography fields. Codes absent here are the same in both.
var fips = map[string]string{
	"DZ": "AG", "AS": "AQ", "AD": "AN", "AI": "AV", "AQ": "AY", "AG": "AC", "AW": "AA", "AU": "AS",
	"AT": "AU", "AZ": "AJ", "BS": "BF", "BH": "BA", "BD": "BG", "BY": "BO", "BZ": "BH", "BJ": "BN",
	"BM": "BD", "BO": "BL", "BA": "BK", "BW": "BC", "VG": "VI", "BN": "BX", "BG": "BU", "BF": "UV",
	"BI": "BY", "KH": "CB", "KY": "CJ", "CF": "CT", "TD": "CD", "CL": "CI", "CN": "CH", "CX": "KT",
	"CC": "CK", "KM": "CN", "CD": "CG", "CG": "CF", "CK": "CW", "CR": "CS", "CI": "IV", "CZ": "EZ",
	"DK": "DA", "DM": "DO", "DO": "DR", "TL": "TT", "SV": "ES", "GQ": "EK", "EE": "EN", "GF": "FG",
	"PF": "FP", "GA": "GB", "GM": "GA", "GE": "GG", "DE": "GM", "GD": "GJ", "GU": "GQ", "GG": "GK",
	"GN": "GV", "GW": "PU", "HT": "HA", "VA": "VT", "HN": "HO", "IS": "IC", "IQ": "IZ", "IE": "EI",
	"IL": "IS", "JP": "JA", "KI": "KR", "KP": "KN", "KR": "KS", "KW": "KU", "LV": "LG", "LB": "LE",
	"LS": "LT", "LR": "LI", "LI": "LS", "LT": "LH", "MO": "MC", "MG": "MA", "MW": "MI", "MH": "RM",
	"MQ": "MB", "MU": "MP", "YT": "MF", "MC": "MN", "MN": "MG", "ME": "MJ", "MS": "MH", "MA": "MO",
	"MM": "BM", "NA": "WA", "NI": "NU", "NE": "NG", "NG": "NI", "NU": "NE", "MP": "CQ", "OM": "MU",
	"PW": "PS", "PS": "WE", "PA": "PM", "PG": "PP", "PY": "PA", "PH": "RP", "PN": "PC", "PT": "PO",
	"PR": "RQ", "RU": "RS", "KN": "SC", "LC": "ST", "PM": "SB", "ST": "TP", "SN": "SG", "RS": "RI",
	"SC": "SE", "SG": "SN", "SK": "LO", "SB": "BP", "ZA": "SF", "SS": "OD", "ES": "SP", "LK": "CE",
	"SD": "SU", "SR": "NS", "SJ": "SV", "SZ": "WZ", "SE": "SW", "CH": "SZ", "TJ": "TI", "TG": "TO",
	"TK": "TL", "TO": "TN", "TT": "TD", "TN": "TS", "TR": "TU", "TM": "TX", "TC": "TK", "UA": "UP",
	"GB": "UK", "VI": "VQ", "VU": "NH", "VN": "VM", "EH": "WI", "YE": "YM", "ZM": "ZA", "ZW": "ZI",
	"XK": "KV", "CW": "UC", "SX": "NN", "BL": "TB", "MF": "RN", "TF": "FS", "GS": "SX",
}

// FIPS returns the FIPS 10-4 code of an ISO 3166-1 alpha-2 code.
func FIPS(iso2 string) string {
	if f, ok := fips[iso2]; ok {
		return f
	}
	return iso2
}

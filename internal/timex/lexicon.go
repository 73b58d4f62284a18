package timex

// abbrevDot are the abbreviations whose dot belongs to the expression.
var abbrevDot = map[string]bool{"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "mon": true, "tue": true, "tues": true, "wed": true,
	"thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]int{
	"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
	"mon": 1, "tues": 2, "tue": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6, "sun": 7,
	"mondays": 1, "tuesdays": 2, "wednesdays": 3, "thursdays": 4, "fridays": 5, "saturdays": 6, "sundays": 7,
}

var seasons = map[string]string{"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

// units of calendar arithmetic and durations.
var units = map[string]string{
	"day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M", "months": "M", "year": "Y", "years": "Y",
	"quarter": "Q", "quarters": "Q", "decade": "DE", "decades": "DE", "century": "CE", "centuries": "CE",
	"hour": "H", "hours": "H", "minute": "MI", "minutes": "MI", "min": "MI", "mins": "MI", "second": "S", "seconds": "S",
	"sec": "S", "secs": "S", "weekend": "WE", "weekends": "WE", "fortnight": "FN", "fortnights": "FN", "hr": "H", "hrs": "H",
	"yr": "Y", "yrs": "Y",
}

var partsOfDay = map[string]string{"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
	"mornings": "MO", "afternoons": "AF", "evenings": "EV", "nights": "NI", "midday": "MI", "overnight": "NI"}

var setWords = map[string]string{"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
	"quarterly": "P3M", "hourly": "PT1H", "biweekly": "P2W", "nightly": "P1D"}

var refWords = map[string]string{"now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
	"nowadays": "PRESENT_REF", "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF",
	"previously": "PAST_REF", "formerly": "PAST_REF", "soon": "FUTURE_REF", "future": "FUTURE_REF"}

// relative day words and their offset from the reference date.
var dayWords = map[string]int{"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "tonite": 0}

// shift words before a unit or name: last/next/this.
var shiftWords = map[string]int{"last": -1, "past": -1, "previous": -1, "prior": -1, "next": 1, "coming": 1, "following": 1,
	"upcoming": 1, "this": 0, "current": 0, "present": 0, "same": 0}

var modWords = map[string]string{"early": "START", "late": "END", "mid": "MID", "middle": "MID", "beginning": "START",
	"start": "START", "end": "END", "earlier": "", "later": ""}

var ordinalQuarter = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 4, "last": 4}

// newspaper and programme names that start with a day name.
var afterWeekdayStop = map[string]bool{"times": true, "telegraph": true, "express": true, "mirror": true, "post": true,
	"herald": true, "mail": true, "independent": true, "star": true, "tribune": true, "people": true, "sport": true,
	"business": true, "review": true, "night": false, "bloody": true}

var futureCue = map[string]bool{"will": true, "ll": true, "shall": true, "wo": true, "going": true, "expected": true,
	"expects": true, "due": true, "scheduled": true, "plans": true, "planned": true, "upcoming": true, "intends": true,
	"next": true, "until": true, "deadline": true, "plan": true, "soon": true, "would": true, "planning": true, "resume": true, "resumes": true, "begin": true, "begins": true}

var pastCue = map[string]bool{"said": true, "was": true, "were": true, "had": true, "did": true, "told": true, "ago": true,
	"announced": true, "reported": true, "met": true, "came": true, "went": true, "made": true, "took": true, "gave": true,
	"last": true, "earlier": true, "held": true, "began": true, "killed": true, "died": true, "left": true, "fell": true,
	"rose": true, "won": true, "lost": true, "saw": true, "closed": true, "ended": true, "got": true, "found": true, "been": true}

// words after "daily"/"weekly" that keep it an adverb of frequency.
var countStopAfterSet = map[string]bool{"and": true, "or": true, "but": true, "since": true, "until": true, "in": true,
	"on": true, "at": true, "for": true, "from": true, "to": true, "by": true, "with": true, "during": true, "the": true}

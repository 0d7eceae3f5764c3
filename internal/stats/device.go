package stats

import "strings"

// Device classes, as they appear in Batch.Devices.
const (
	DeviceMobile  = "mobile"
	DeviceTablet  = "tablet"
	DeviceDesktop = "desktop"
	DeviceOther   = "other"
)

// DeviceClass sorts a user agent into a coarse class: "mobile", "tablet",
// "desktop" or "other" (televisions, game consoles, anything unrecognized).
// It looks for the platform tokens browsers send, with their usual
// capitalization; nothing finer than the class is derived or kept.
//
// iPadOS Safari presents itself as a Macintosh by default, so those iPads
// count as desktops: the user agent does not tell them apart.
func DeviceClass(userAgent string) string {
	ua := userAgent
	has := func(tok string) bool { return strings.Contains(ua, tok) }
	switch {
	case ua == "":
		return DeviceOther
	// Televisions and consoles first: their user agents also name Android,
	// Linux or Windows.
	case has("SmartTV"), has("SMART-TV"), has("Smart-TV"), has("GoogleTV"), has("AppleTV"),
		has("CrKey"), has("Web0S"), has("webOS.TV"), has("HbbTV"), has("BRAVIA"),
		has("PlayStation"), has("Xbox"), has("Nintendo"):
		return DeviceOther
	case has("iPad"):
		return DeviceTablet
	case has("iPhone"), has("iPod"), has("Windows Phone"):
		return DeviceMobile
	case has("Android"):
		if has("Mobi") {
			return DeviceMobile
		}
		return DeviceTablet // Android without "Mobile" is a tablet by convention
	case has("Kindle"), has("Silk/"):
		return DeviceTablet
	case has("Mobi"), has("Opera Mini"), has("BlackBerry"), has("BB10"), has("KaiOS"):
		return DeviceMobile
	case has("Windows"), has("Macintosh"), has("X11"), has("Linux"), has("CrOS"):
		return DeviceDesktop
	case has("Tablet"):
		return DeviceTablet
	}
	return DeviceOther
}

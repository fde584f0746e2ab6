package dev.playlog.spotify;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the export's free-text {@code platform} ({@code android}, {@code iOS 17.1 (iPhone15,2)},
 * {@code Windows 10 (10.0.19045; x64)}, {@code web_player ...}, {@code Partner android_tv ...}) onto the contract's
 * {@code device_type}. Checked in order, most specific first, so "android_tv" is a tv before "android" is a mobile;
 * anything unrecognised is {@code unknown}.
 */
public final class DeviceTypes {

    private static final List<Map.Entry<String, List<String>>> RULES = List.of(
            Map.entry("tv", List.of("_tv", " tv", "tv_", "smart_tv", "smarttv", "roku", "tizen", "webos", "appletv",
                    "apple tv", "fire tv", "firetv", "chromecast_tv", "bravia")),
            Map.entry("car", List.of("car", "android auto", "android_auto", "tesla", "automotive")),
            Map.entry("console", List.of("playstation", "ps4", "ps5", "xbox", "nintendo")),
            Map.entry("speaker", List.of("speaker", "sonos", "cast_audio", "google_home", "google home", "echo",
                    "alexa", "amazon", "bose", "homepod", "cast")),
            Map.entry("tablet", List.of("ipad", "tablet")),
            Map.entry("web", List.of("web_player", "web player", "webplayer", "browser")),
            Map.entry("desktop", List.of("windows", "os x", "osx", "macos", "mac os", "linux", "desktop")),
            Map.entry("mobile", List.of("android", "ios", "iphone", "ipod", "mobile")));

    private DeviceTypes() {
    }

    public static String of(String platform) {
        if (platform == null || platform.isBlank()) {
            return "unknown";
        }
        String p = platform.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, List<String>> rule : RULES) {
            for (String marker : rule.getValue()) {
                if (p.contains(marker)) {
                    return rule.getKey();
                }
            }
        }
        return "unknown";
    }
}

package dev.playlog.spotify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "android|mobile",
            "ios|mobile",
            "iOS 17.1 (iPhone15,2)|mobile",
            "iOS 16.0 (iPad8,1)|tablet",
            "Android OS 13 API 33 (samsung, SM-G991B)|mobile",
            "Partner android_tv Sony;BRAVIA 4K|tv",
            "Windows 10 (10.0.19045; x64)|desktop",
            "OS X 12.6.0 [x86 8]|desktop",
            "linux|desktop",
            "web_player windows 10;chrome 120.0.0.0;desktop|web",
            "Partner sonos_one Sonos;One|speaker",
            "google_home|speaker",
            "Android Auto|car",
            "playstation|console",
            "something new|unknown",
            "''|unknown"})
    void mapsPlatformsToDeviceTypes(String platform, String deviceType) {
        assertThat(DeviceTypes.of(platform)).isEqualTo(deviceType);
    }
}

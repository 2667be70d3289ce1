package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.out.AppSecClient;
import io.spoabouncer.ports.out.CaptchaVerifier;

/** The calls the HTTP flow makes to other services: captcha providers' verify endpoints and CrowdSec's AppSec. */
public interface HttpServices extends Component {
    CaptchaVerifier captchaVerifier();

    AppSecClient appSecClient();
}

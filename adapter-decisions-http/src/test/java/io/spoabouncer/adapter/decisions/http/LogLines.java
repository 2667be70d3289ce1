package io.spoabouncer.adapter.decisions.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** The lines one class logs during a test, so a test can wait for the very line it asserts. */
final class LogLines implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogLines(Class<?> of) {
        logger = (Logger) LoggerFactory.getLogger(of);
        appender.start();
        logger.addAppender(appender);
    }

    /** Every line logged at WARN or above, formatted, in order. */
    synchronized List<String> warnings() {
        synchronized (appender.list) {
            return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}

package io.spoabouncer.archfixture.app;

public class AppThing {
}

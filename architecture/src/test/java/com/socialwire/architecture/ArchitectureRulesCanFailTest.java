package com.socialwire.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.socialwire.alpha.Alpha;
import com.socialwire.alpha.Clean;
import com.socialwire.alpha.UsesBeta;
import com.socialwire.alpha.handler.ConfigReadingHandler;
import com.socialwire.alpha.handler.LeakyHandler;
import com.socialwire.alpha.handler.SelfWiringHandler;
import com.socialwire.alpha.handler.WiredHandler;
import com.socialwire.beta.Beta;
import com.socialwire.shared.archfixture.SharedUsesAlpha;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

import org.junit.jupiter.api.Test;

/** Each rule of {@link ArchitectureTest} reports the fixture class that breaks it, and passes the clean ones. */
class ArchitectureRulesCanFailTest {

    private static EvaluationResult check(ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        return rule.evaluate(imported);
    }

    @Test
    void aContextUsingAnotherContextFails() {
        EvaluationResult r = check(ArchitectureTest.contextsDoNotUseEachOther, UsesBeta.class, Beta.class, Clean.class);
        assertTrue(r.hasViolation());
        assertTrue(r.getFailureReport().toString().contains("UsesBeta"), r.getFailureReport().toString());
        assertFalse(check(ArchitectureTest.contextsDoNotUseEachOther, Clean.class, Beta.class).hasViolation());
    }

    @Test
    void sharedUsingAContextFails() {
        EvaluationResult r = check(ArchitectureTest.sharedUsesNoContext, SharedUsesAlpha.class, Clean.class);
        assertTrue(r.hasViolation());
        assertTrue(r.getFailureReport().toString().contains("SharedUsesAlpha"), r.getFailureReport().toString());
    }

    @Test
    void aHandlerUsingTheAwsSdkFails() {
        EvaluationResult r = check(ArchitectureTest.handlersDoNotTouchTheAwsSdk, LeakyHandler.class, Clean.class);
        assertTrue(r.hasViolation());
        assertTrue(r.getFailureReport().toString().contains("LeakyHandler"), r.getFailureReport().toString());
    }

    @Test
    void aHandlerBuildingWhatItCallsFails() {
        EvaluationResult r = check(ArchitectureTest.handlersDoNotBuildTheirDependencies, SelfWiringHandler.class, Clean.class);
        assertTrue(r.hasViolation());
        assertTrue(r.getFailureReport().toString().contains("SelfWiringHandler"), r.getFailureReport().toString());
    }

    @Test
    void aHandlerReadingConfigFails() {
        EvaluationResult r = check(ArchitectureTest.handlersDoNotBuildTheirDependencies, ConfigReadingHandler.class);
        assertTrue(r.hasViolation());
        assertTrue(r.getFailureReport().toString().contains("ConfigReadingHandler"), r.getFailureReport().toString());
    }

    @Test
    void aHandlerTakingItsServiceFromTheWiringPasses() {
        EvaluationResult r = check(ArchitectureTest.handlersDoNotBuildTheirDependencies, WiredHandler.class, Alpha.class, Clean.class);
        assertFalse(r.hasViolation(), r.getFailureReport().toString());
    }
}

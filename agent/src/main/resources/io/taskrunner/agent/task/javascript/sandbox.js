// Runs in each task script's fresh global before the script. Takes away what reaches outside the sandbox and
// returns the helpers the host uses; the script never sees that object.
(function (global) {
    'use strict';
    var define = Object.defineProperty;
    var ownDescriptor = Object.getOwnPropertyDescriptor;
    var isExtensible = Object.isExtensible;
    var prototypeOf = Object.getPrototypeOf;
    var create = Object.create;
    var freeze = Object.freeze;
    // Descriptors without a prototype: the script may add "get" or "value" to Object.prototype.
    var descriptor = function (value, writable, configurable) {
        var made = create(null);
        made.value = value;
        made.writable = writable;
        made.configurable = configurable;
        made.enumerable = false;
        return made;
    };
    var hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);

    var removed = ['load', 'loadWithNewGlobal', 'exit', 'quit', 'print', 'echo', 'printf', 'sprintf', 'readLine',
        'readFully', 'Java', 'Packages', 'java', 'javax', 'javafx', 'com', 'edu', 'org', 'net', 'jdk',
        'JavaImporter', 'JavaAdapter', 'JSAdapter', 'Debug', '__noSuchProperty__', '__noSuchMethod__',
        '$ARG', '$ENV', '$EXEC', '$OPTIONS', '$OUT', '$ERR', '$EXIT'];
    removed.forEach(function (name) {
        if (hasOwn(global, name)) {
            delete global[name];
        }
    });
    // Nashorn extensions that print to the agent's stderr or hand out Java objects.
    delete Object.bindProperties;
    delete Object.setIndexedPropertiesToExternalArrayData;
    delete Error.dumpStack;
    delete Error.captureStackTrace;
    delete Error.prototype.printStackTrace;
    delete Error.prototype.getStackTrace;

    // Code made at run time would escape the instrumentation that makes loops stoppable.
    var refuse = function (what) {
        return function () {
            throw new EvalError(what + ' is not available in task scripts');
        };
    };
    var NoFunction = refuse('the Function constructor');
    NoFunction.prototype = Function.prototype;
    define(Function.prototype, 'constructor', {value: NoFunction, writable: false, configurable: false});
    define(global, 'Function', {value: NoFunction, writable: false, configurable: false});
    define(global, 'eval', {value: refuse('eval'), writable: false, configurable: false});

    // Nashorn keeps the Java exception of a thrown object in its property "nashornException", and every error
    // gets one when it is made. The script must never read it: errors are made through wrappers that replace it
    // (keeping where the error was made), thrown objects get it locked first (the throw hook, put before every
    // throw), and catch blocks scrub what they caught (errors the engine itself threw).
    var EXCEPTION = 'nashornException';
    var OriginalTypeError = TypeError;
    // Columns are left out: they count the instrumentation's insertions.
    var LOCATION = freeze(['stack', 'lineNumber', 'fileName']);
    var LOCKED = freeze(descriptor(undefined, false, false));
    // Inherited by every ordinary object: Nashorn then cannot add the property to a frozen one.
    define(Object.prototype, EXCEPTION, LOCKED);
    var scrub = function (value) {
        if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
            return value;
        }
        var own = ownDescriptor(value, EXCEPTION);
        if (own === undefined && !isExtensible(value)) {
            if (!inheritsLock(value)) {
                throw refused();
            }
            return value;  // Nashorn cannot add the property
        }
        if (own !== undefined && hasOwn(own, 'value') && own.value !== undefined && own.value !== null) {
            for (var i = 0; i < LOCATION.length; i++) {
                var known = value[LOCATION[i]];  // computed from the exception, so read it while it is there
                if (known !== undefined && !hasOwn(value, LOCATION[i])) {
                    define(value, LOCATION[i], descriptor(known, true, true));
                }
            }
        }
        if (own !== undefined && !own.configurable && hasOwn(own, 'value') && !own.writable) {
            return value;  // locked already
        }
        try {
            define(value, EXCEPTION, LOCKED);
        } catch (e) {
            throw refused();
        }
        return value;
    };
    var inheritsLock = function (value) {
        for (var proto = prototypeOf(value); proto !== null; proto = prototypeOf(proto)) {
            var found = ownDescriptor(proto, EXCEPTION);
            if (found !== undefined) {
                return hasOwn(found, 'value') && !found.writable;
            }
        }
        return false;
    };
    var refused = function () {
        return scrub(new OriginalTypeError('this object cannot be thrown in a task script: its "' + EXCEPTION
            + '" property cannot be locked'));
    };
    var originals = {};
    var SELF = __FILE__;
    var FRAME = /\(([^()]*):(\d+)\)$/;
    var split = Function.prototype.call.bind(String.prototype.split);
    var indexOf = Function.prototype.call.bind(String.prototype.indexOf);
    var exec = Function.prototype.call.bind(RegExp.prototype.exec);
    // An error made here would say it was made here: its stack and line are those of the script's caller.
    var make = function (name, args) {
        var Original = originals[name];
        var error = scrub(args.length === 0 ? new Original() : new Original(args[0]));
        if (typeof error.stack !== 'string') {
            return error;
        }
        var lines = split(error.stack, '\n');
        var stack = lines[0];
        var located = false;
        for (var i = 1; i < lines.length; i++) {
            if (indexOf(lines[i], '(' + SELF + ':') < 0) {
                stack += '\n' + lines[i];
                var frame = located ? null : exec(FRAME, lines[i]);
                if (frame !== null) {
                    define(error, 'fileName', descriptor(frame[1], true, true));
                    define(error, 'lineNumber', descriptor(+frame[2], true, true));
                    located = true;
                }
            }
        }
        define(error, 'stack', descriptor(stack, true, true));
        return error;
    };
    var wrappers = {
        Error: function Error(message) { return make('Error', arguments); },
        EvalError: function EvalError(message) { return make('EvalError', arguments); },
        RangeError: function RangeError(message) { return make('RangeError', arguments); },
        ReferenceError: function ReferenceError(message) { return make('ReferenceError', arguments); },
        SyntaxError: function SyntaxError(message) { return make('SyntaxError', arguments); },
        TypeError: function TypeError(message) { return make('TypeError', arguments); },
        URIError: function URIError(message) { return make('URIError', arguments); }
    };
    Object.keys(wrappers).forEach(function (name) {
        var Original = global[name];
        var Wrapper = wrappers[name];
        originals[name] = Original;
        Wrapper.prototype = Original.prototype;
        define(Original.prototype, 'constructor', {value: Wrapper, writable: true, configurable: true,
            enumerable: false});
        if (name !== 'Error') {
            Object.setPrototypeOf(Wrapper, wrappers.Error);
        }
        define(global, name, {value: Wrapper, writable: true, configurable: true, enumerable: false});
    });
    var setter = create(null);
    setter.set = scrub;
    var throwHook = freeze(define(create(null), 'v', setter));

    var parse = JSON.parse;
    var stringify = JSON.stringify;
    var toText = String;
    return {
        define: function (name, value, locked) {
            define(global, name, descriptor(value, !locked, !locked));
        },
        throwHook: function () {
            return throwHook;
        },
        scrub: scrub,
        error: function (type, message) {
            return make(hasOwn(originals, type) ? type : 'Error', [message]);
        },
        raise: function (type, message) {
            throw make(hasOwn(originals, type) ? type : 'Error', [message]);
        },
        parse: function (json) {
            return parse(json);
        },
        stringify: function (value) {
            return stringify(value);
        },
        text: function (value) {
            if (typeof value === 'string') {
                return value;
            }
            if (value !== null && typeof value === 'object') {
                try {
                    var json = stringify(value);
                    if (json !== undefined) {
                        return json;
                    }
                } catch (e) {
                    // Cyclic: fall back to its text. A stopped run stays stopped: the script's next tick throws.
                }
            }
            return toText(value);
        }
    };
})(this);

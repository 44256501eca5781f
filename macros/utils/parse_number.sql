{#- Parse plain or scientific decimal text (`12.50`, `-3`, `1e3`) into
    decimal(38, 18), or null. Comma separators (`12,5`), `NaN`, `Infinity`
    and anything else do not parse; nor does a value of 10^20 or more, which
    no column of the spec accepts anyway. -#}
{% macro parse_number(text) %}
    {{ return(adapter.dispatch('parse_number', 'loyalty')(text)) }}
{% endmacro %}

{% macro default__parse_number(text) -%}
    case
        when {{ loyalty.regex_full_match(text, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?') }}
            then {{ loyalty.safe_cast(text, 'decimal(38, 18)') }}
    end
{%- endmacro %}

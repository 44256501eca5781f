{#- Whether a domain (surveys, subscriptions, loyalty, programs, ltv) is on:
    the var `loyalty__using_<domain>`, true unless set to false. The models
    of a domain call it in their `enabled` config; a value that is not a
    boolean stops the parse naming the var. -#}
{% macro using(domain) %}
    {%- set value = var('loyalty__using_' ~ domain, true) -%}
    {%- if value is not boolean -%}
        {{ exceptions.raise_compiler_error("Invalid vars: loyalty__using_" ~ domain
            ~ " must be true or false, got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}

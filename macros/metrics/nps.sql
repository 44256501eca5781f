{% macro nps(score, promoter_min=loyalty.setting('nps_promoter_min'), detractor_max=loyalty.setting('nps_detractor_max')) -%}
    {%- do loyalty.check_nps_thresholds('nps', promoter_min, detractor_max) -%}
    100.0 * (
        count(case when {{ score }} >= {{ promoter_min }} then 1 end)
        - count(case when {{ score }} <= {{ detractor_max }} then 1 end)
    ) / nullif(count({{ score }}), 0)
{%- endmacro %}

{#- Stops the compile unless promoter_min > detractor_max (shared by nps and
    nps_category). -#}
{% macro check_nps_thresholds(caller_name, promoter_min, detractor_max) %}
    {%- if promoter_min | int <= detractor_max | int -%}
        {{ exceptions.raise_compiler_error(caller_name ~ ": promoter_min (" ~ promoter_min
            ~ ") must be above detractor_max (" ~ detractor_max ~ ")") }}
    {%- endif -%}
{% endmacro %}

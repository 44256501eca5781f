{#- The thresholds the metric macros read, with their defaults. This is the
    one place those defaults are written: they are not in dbt_project.yml,
    so that `loyalty.nps('score')` called from another project works with no
    var set there, while a var of the same name (in the calling project's
    dbt_project.yml or --vars) still overrides each one. python_checks reads
    this dict too. -#}
{% macro metric_var_defaults() %}
    {{ return({
        'nps_promoter_min': 9,
        'nps_detractor_max': 6,
        'csat_scale_max': 5,
        'csat_satisfied_min': 4,
        'ces_scale_max': 7,
        'ces_easy_min': 5,
        'ltv_max_lifespan_years': 10,
        'min_group_size': 30,
    }) }}
{% endmacro %}

{#- The value of a metric threshold: the var when set, else its default. -#}
{% macro setting(name) %}
    {%- set defaults = loyalty.metric_var_defaults() -%}
    {%- if name not in defaults -%}
        {{ exceptions.raise_compiler_error("setting: unknown setting '" ~ name ~ "'") }}
    {%- endif -%}
    {{ return(var(name, defaults[name])) }}
{% endmacro %}

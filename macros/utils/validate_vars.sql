{#- Stop the compile with a message that says what to pass when a metric var
    is out of range (the parameters of docs/metrics.md; defaults in dbt_project.yml
    and, for the metric thresholds, macros/utils/setting.sql).
    Called by int_reporting_window, which every metric model depends on. -#}
{% macro validate_vars() %}
    {%- set problems = [] -%}
    {%- set as_of_date = var('as_of_date') -%}
    {%- if as_of_date is not none -%}
        {%- set text = as_of_date | string -%}
        {%- set parts = modules.re.fullmatch('([0-9]{4})-([0-9]{2})-([0-9]{2})', text) -%}
        {%- if parts is none -%}
            {%- do problems.append("as_of_date must be a date 'YYYY-MM-DD' or null, got '" ~ text ~ "'") -%}
        {%- else -%}
            {%- set year, month, day = parts.group(1) | int, parts.group(2) | int, parts.group(3) | int -%}
            {%- set leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 -%}
            {%- set month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
            {%- if year < 1 or month < 1 or month > 12 or day < 1 or day > month_days[month - 1] -%}
                {%- do problems.append("as_of_date '" ~ text ~ "' is not a calendar date") -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {%- if var('reporting_grain') not in ['month', 'quarter', 'year'] -%}
        {%- do problems.append("reporting_grain must be month, quarter or year, got '" ~ var('reporting_grain') ~ "'") -%}
    {%- endif -%}
    {%- do loyalty.reporting_grains() -%}
    {%- do loyalty.reporting_timezone() -%}
    {%- set whole = [
        ('inactivity_days', 1, none), ('ltv_horizon_days', 1, none), ('min_group_size', 1, none),
        ('nps_promoter_min', 0, 10), ('nps_detractor_max', 0, 10),
        ('csat_scale_max', 1, none), ('csat_satisfied_min', 1, loyalty.setting('csat_scale_max')),
        ('ces_scale_max', 1, none), ('ces_easy_min', 1, loyalty.setting('ces_scale_max')),
    ] -%}
    {%- for name, low, high in whole -%}
        {%- set value = loyalty.setting(name) if name in loyalty.metric_var_defaults() else var(name) -%}
        {%- if value is not number or value is boolean or value != value | int -%}
            {%- do problems.append(name ~ " must be a whole number, got '" ~ value ~ "'") -%}
        {%- elif value < low or (high is not none and high is number and value > high) -%}
            {%- if high is none -%}
                {%- do problems.append(name ~ " must be at least " ~ low ~ ", got " ~ value) -%}
            {%- else -%}
                {%- do problems.append(name ~ " must be between " ~ low ~ " and " ~ high ~ ", got " ~ value) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if loyalty.setting('nps_promoter_min') is number and loyalty.setting('nps_detractor_max') is number
        and loyalty.setting('nps_promoter_min') <= loyalty.setting('nps_detractor_max') -%}
        {%- do problems.append("nps_promoter_min (" ~ loyalty.setting('nps_promoter_min') ~ ") must be above nps_detractor_max ("
            ~ loyalty.setting('nps_detractor_max') ~ ")") -%}
    {%- endif -%}
    {%- set numbers = [
        ('ltv_discount_rate_annual', -0.999999, none), ('gross_margin', 0, none),
        ('ltv_max_lifespan_years', 0.000001, none), ('point_value', 0, none),
        ('game_min_win_rate', 0, 1),
    ] -%}
    {%- for name, low, high in numbers -%}
        {%- set value = loyalty.setting(name) if name in loyalty.metric_var_defaults() else var(name) -%}
        {%- if value is not number or value is boolean -%}
            {%- do problems.append(name ~ " must be a number, got '" ~ value ~ "'") -%}
        {%- elif (value * 0) != 0 or value < low or (high is not none and value > high) -%}
            {%- if high is none -%}
                {%- do problems.append(name ~ " must be at least " ~ low ~ ", got " ~ value) -%}
            {%- else -%}
                {%- do problems.append(name ~ " must be between " ~ low ~ " and " ~ high ~ ", got " ~ value) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if loyalty.using('programs') and not loyalty.using('loyalty') -%}
        {%- do problems.append("loyalty__using_programs needs loyalty__using_loyalty (programs are read from the members and the ledger): set both to false") -%}
    {%- endif -%}
    {%- for name in ['raw_identifiers', 'pass_through_columns'] -%}
        {%- set value = var(name) or {} -%}
        {%- if value is not mapping -%}
            {%- do problems.append(name ~ " must be a mapping of source name to a value, got '" ~ value ~ "'") -%}
        {%- else -%}
            {%- for key in value if key not in loyalty.loyalty_sources() + ['loyalty_tiers', 'loyalty_programs'] -%}
                {%- do problems.append(name ~ " names an unknown source '" ~ key ~ "' (sources: "
                    ~ (loyalty.loyalty_sources() | join(', ')) ~ ", and the configurations loyalty_tiers, loyalty_programs)") -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error("Invalid vars (defaults: dbt_project.yml and macros/utils/setting.sql): " ~ (problems | join('; '))) }}
    {%- endif -%}
{% endmacro %}
